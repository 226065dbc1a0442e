import { type ComplyCubeWebhookOptions, verifyWebhook } from '@idvkit/complycube';
import { stringOrNull } from './strings.js';
import type { ProviderIntake } from './types.js';

/**
 * ComplyCube: `Complycube-Signature` HMAC of the body; dedupe on the event `id`. Events are about checks
 * (`check.*`, `payload.id` is the check id) or other resources; the worker resolves a check to its session.
 * @see https://docs.complycube.com/documentation/guides/webhooks
 */
export const complyCubeIntake: ProviderIntake = {
  provider: 'complycube',
  async verify(request, options) {
    const event = await verifyWebhook(request, options as unknown as ComplyCubeWebhookOptions);
    // Events are about checks (`check.*`, `resourceType: "check"`) or clients, documents, …: only a check
    // leads to a workflow session. Both spellings (`check.completed`, older `check.complete`) start `check.`.
    const aboutCheck = event.resourceType === 'check' || event.type.startsWith('check.');
    return {
      providerEventId: event.id,
      eventType: event.type,
      sessionId: null,
      checkId: aboutCheck ? stringOrNull(event.payload?.id) : null,
    };
  },
};
