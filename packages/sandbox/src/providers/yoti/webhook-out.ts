import type { YotiRecord } from '../../data/yoti.js';
import type { SandboxState } from '../../state.js';
import type { JsonObject } from '../../types.js';
import type { OutboundWebhook, WebhookSender, WebhookTarget } from '../../webhooks/types.js';

/**
 * Yoti's outbound notifications. Yoti does not sign them: the only proof of origin is the session's
 * `notifications.auth_token`, sent as `Authorization: Basic base64(auth_token)` (`auth_type: BASIC`, the
 * default here) or `Bearer auth_token` (`BEARER`). The payload only names the session and what changed
 * (`{session_id, topic, …_id}`). Retries are not documented for IDV, so none are made.
 * @see https://developers.yoti.com/identity-verification/notifications
 */
export const yotiWebhookSender: WebhookSender = {
  requires: ['authToken'],
  retries: 0,
  events(state: SandboxState, sessionIds: readonly string[]): JsonObject[] {
    return sessionIds
      .map((id) => state.yoti.store.get(id))
      .filter((record): record is YotiRecord => record !== undefined)
      .map((record) => state.yoti.notificationFor(record));
  },
  sign(event: JsonObject, target: WebhookTarget): OutboundWebhook {
    return { body: JSON.stringify(event), headers: yotiNotificationHeaders(target) };
  },
};

/** `Content-Type` and the `Authorization` header Yoti sends for this target's `auth_token` and scheme. */
export function yotiNotificationHeaders(target: WebhookTarget): Record<string, string> {
  if (!target.authToken) throw new TypeError('yoti webhooks: expected an `authToken`, received none');
  const authorization =
    target.scheme === 'Bearer'
      ? `Bearer ${target.authToken}`
      : `Basic ${Buffer.from(target.authToken, 'utf8').toString('base64')}`;
  return { 'Content-Type': 'application/json', Authorization: authorization };
}
