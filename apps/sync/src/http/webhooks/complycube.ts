import { type ComplyCubeWebhookOptions, verifyWebhook } from '@idvkit/complycube';
import { stringOrNull } from './strings.js';
import type { ProviderIntake } from './types.js';

/**
 * ComplyCube: `Complycube-Signature` HMAC of the body; dedupe on the event `id`. Events are about checks
 * (`check.*`, `payload.id` is the check id) or clients; the worker resolves a check to its workflow session.
 * @see https://docs.complycube.com/documentation/guides/webhooks
 */
export const complyCubeIntake: ProviderIntake = {
  provider: 'complycube',
  parseOptions: (f) => ({ secret: f.only(['secret']).string('secret') }),
  secretsOf: (o) => [String(o.secret)],
  async verify(request, options) {
    const event = await verifyWebhook(request, options as unknown as ComplyCubeWebhookOptions);
    const payloadId = stringOrNull(event.payload?.id);
    const resourceType = stringOrNull(event.resourceType) ?? event.type.split('.')[0];
    return {
      providerEventId: event.id,
      eventType: event.type,
      sessionId: resourceType === 'workflowSession' ? payloadId : null,
      checkId: resourceType === 'check' ? payloadId : null,
    };
  },
};
