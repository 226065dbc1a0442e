import { type IdnowWebhookOptions, verifyWebhook } from '@idvkit/idnow';
import { stringOrNull } from './strings.js';
import type { ProviderIntake } from './types.js';

/**
 * IDnow: an RS256 JWT (body or `X-Idnow-Signature`) checked against the configured JWKS; dedupe on `eventId`
 * (`eventDeliverId` changes per attempt). IDnow wants an answer within 10 s.
 * @see https://docs.eu.platform.idnow.sx/docs/integration/secure-webhooks
 */
export const idnowIntake: ProviderIntake = {
  provider: 'idnow',
  async verify(request, options) {
    const event = await verifyWebhook(request, options as unknown as IdnowWebhookOptions);
    return {
      providerEventId: event.eventId,
      eventType: event.eventName,
      sessionId: stringOrNull(event.payload?.sessionId),
      checkId: null,
      // The fetch is per environment (`GET /api/v1/{environment}/sessions/{id}`): the worker needs to know it.
      scope: {
        environment: stringOrNull(event.environment),
        flowId: stringOrNull(event.payload?.flowId),
      },
    };
  },
};
