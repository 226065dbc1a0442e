import { type VerifaWebhookOptions, verifyWebhook } from '@idvkit/verifa';
import { stringOrNull } from './strings.js';
import type { ProviderIntake } from './types.js';

/**
 * Verifa: `X-Verifa-Signature: t=…,v1=…` with a tolerance (default 300 s). The docs show two payload shapes
 * (nested under `data`, and flat with `idempotency_key`): both are read, `data` first. Dedupe on
 * `idempotency_key` when present, else on the body hash.
 * @see https://docs.withverifa.com/tutorials/receiving-webhooks-validating-signatures
 */
export const verifaIntake: ProviderIntake = {
  provider: 'verifa',
  async verify(request, options) {
    const event = await verifyWebhook(request, options as unknown as VerifaWebhookOptions);
    return {
      providerEventId: stringOrNull(event.idempotency_key),
      eventType: event.event,
      sessionId: stringOrNull(event.data?.session_id) ?? stringOrNull(event.session_id),
      checkId: null,
    };
  },
};
