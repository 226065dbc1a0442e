import { DEFAULT_TOKEN_TTL_SECONDS, type YotiCreateSpec } from '../../data/yoti.js';
import { jsonReply, type Reply } from '../../http/reply.js';

type Problem = { property: string; message: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const DAY_SECONDS = 86_400;

/**
 * Validates a `POST /sessions` body the way Yoti documents it (token TTL above 300 s, `resources_ttl` at
 * least 24 h and at least the token TTL + 24 h, well-formed notifications and checks) and returns what the
 * sandbox keeps of it, or Yoti's 400 `{code, message, errors[{property, message}]}`. Nothing of the body is
 * echoed into the error (it may carry the notification `auth_token`).
 * @see https://developers.yoti.com/identity-verification/create-a-session
 */
export function parseCreateSession(body: Buffer, nowMs: number): { spec: YotiCreateSpec } | { reply: Reply } {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return invalid([{ property: 'body', message: 'must be a JSON object' }]);
  }
  if (!isObject(value)) return invalid([{ property: 'body', message: 'must be a JSON object' }]);
  const problems: Problem[] = [];
  let ttl = DEFAULT_TOKEN_TTL_SECONDS;
  const {
    client_session_token_ttl: tokenTtl,
    session_deadline: deadline,
    resources_ttl: resourcesTtl,
  } = value;
  if (tokenTtl !== undefined) {
    if (isInt(tokenTtl) && tokenTtl > 300) ttl = tokenTtl;
    else
      problems.push({ property: 'client_session_token_ttl', message: 'must be an integer greater than 300' });
  } else if (deadline !== undefined) {
    const at = typeof deadline === 'string' ? Date.parse(deadline) : Number.NaN;
    if (Number.isFinite(at) && at - nowMs > 300_000) ttl = Math.floor((at - nowMs) / 1000);
    else problems.push({ property: 'session_deadline', message: 'must be a date-time more than 300 s away' });
  }
  if (
    resourcesTtl !== undefined &&
    !(isInt(resourcesTtl) && resourcesTtl >= Math.max(DAY_SECONDS, ttl + DAY_SECONDS))
  ) {
    problems.push({
      property: 'resources_ttl',
      message: 'must be an integer of at least 86400 and at least client_session_token_ttl + 86400',
    });
  }
  const tracking = value.user_tracking_id;
  if (tracking !== undefined && typeof tracking !== 'string') {
    problems.push({ property: 'user_tracking_id', message: 'must be a string' });
  }
  problems.push(...notificationProblems(value.notifications));
  for (const key of ['requested_checks', 'requested_tasks'] as const) {
    const list = value[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) problems.push({ property: key, message: 'must be an array' });
    else
      list.forEach((item, i) => {
        if (!isObject(item) || typeof item.type !== 'string' || item.type === '') {
          problems.push({ property: `${key}[${i}].type`, message: 'must be a non-empty string' });
        }
      });
  }
  if (problems.length > 0) return invalid(problems);
  return { spec: { userTrackingId: typeof tracking === 'string' ? tracking : null, tokenTtlSeconds: ttl } };
}

function notificationProblems(notifications: unknown): Problem[] {
  if (notifications === undefined) return [];
  if (!isObject(notifications)) return [{ property: 'notifications', message: 'must be an object' }];
  const problems: Problem[] = [];
  const { endpoint, auth_type: authType, topics } = notifications;
  if (typeof endpoint !== 'string' || !URL.canParse(endpoint)) {
    problems.push({ property: 'notifications.endpoint', message: 'must be an absolute URL' });
  }
  if (authType !== undefined && authType !== 'BASIC' && authType !== 'BEARER') {
    problems.push({ property: 'notifications.auth_type', message: 'must be BASIC or BEARER' });
  }
  if (topics !== undefined && !(Array.isArray(topics) && topics.every((t) => typeof t === 'string'))) {
    problems.push({ property: 'notifications.topics', message: 'must be an array of strings' });
  }
  return problems;
}

function invalid(errors: Problem[]): { reply: Reply } {
  return {
    reply: jsonReply(400, {
      code: 'PAYLOAD_VALIDATION',
      message: 'The session specification is invalid',
      errors,
    }),
  };
}
