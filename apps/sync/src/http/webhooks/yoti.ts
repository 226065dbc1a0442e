import { verifyWebhook, type YotiWebhookOptions } from '@idvkit/yoti';
import type { ProviderIntake } from './types.js';

/**
 * Yoti: the session's notification `auth_token` in `Authorization` (Basic or Bearer); no signature, no event
 * id, so deliveries are deduped on the body hash. The payload only names the session: the worker refetches it,
 * and the session joins the connection's discovered ids (Yoti has no list), which later syncs poll.
 * @see https://developers.yoti.com/identity-verification/notifications
 */
export const yotiIntake: ProviderIntake = {
  provider: 'yoti',
  async verify(request, options) {
    const event = await verifyWebhook(request, options as unknown as YotiWebhookOptions);
    return {
      providerEventId: null,
      eventType: event.topic,
      sessionId: event.session_id,
      checkId: null,
      discover: true,
    };
  },
};
