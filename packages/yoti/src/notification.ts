import { describeValue, isSafeId, SAFE_ID_RULE } from '@idvkit/http';
import type { components } from './generated/schema.js';

type Notification = components['schemas']['Notification'];

/** The notification topics Yoti documents (the `topic` field stays an open string). */
export const NOTIFICATION_TOPICS = [
  'session_completion',
  'check_completion',
  'task_completion',
  'resource_update',
  'client_session_token_deleted',
] as const;

/**
 * Parses the body of a Yoti notification POST (raw text, bytes or an already-parsed object). Check the
 * request's `Authorization` header against the session's `auth_token` before trusting it: the payload is not
 * signed. Then fetch the session with `getSession(notification.session_id)`.
 * @throws TypeError when the body is not a JSON object with string `session_id` and `topic`, or `session_id` is
 * not a safe id (`isSafeId`: no dot segment, empty value, control character or more than 200 characters).
 */
export function parseNotification(body: string | Uint8Array | unknown): Notification {
  let value: unknown = body;
  if (body instanceof Uint8Array) value = new TextDecoder().decode(body);
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new TypeError('yoti notification: expected a JSON body, received text that does not parse');
    }
  }
  const v = value as Record<string, unknown> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof v.session_id !== 'string' ||
    typeof v.topic !== 'string'
  ) {
    throw new TypeError('yoti notification: expected a JSON object with string `session_id` and `topic`');
  }
  // The id goes into `/sessions/{sessionId}` and is stored: `..`, "", CRLF or a NUL byte must not get that far.
  if (!isSafeId(v.session_id)) {
    throw new TypeError(
      `yoti notification: expected \`session_id\` to be ${SAFE_ID_RULE}, received ${describeValue(v.session_id)}`,
    );
  }
  if (!TOPIC.test(v.topic)) {
    throw new TypeError(
      `yoti notification: expected \`topic\` to be 1 to 100 printable characters, received ${describeValue(v.topic)}`,
    );
  }
  for (const id of ['task_id', 'resource_id', 'check_id'] as const) {
    if (v[id] !== undefined && typeof v[id] !== 'string') {
      throw new TypeError(`yoti notification: expected \`${id}\` to be a string when present`);
    }
  }
  return v as Notification;
}

/** Open enum, but printable and short: it is stored beside the session id. */
const TOPIC = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]{1,100}$/u;
