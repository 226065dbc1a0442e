import { createHash, createHmac } from 'node:crypto';
import { isoMs } from '../../clock.js';
import type { CcCheck, CcRecord } from '../../data/complycube.js';
import type { JsonObject } from '../../types.js';
import type { OutboundWebhook, WebhookSender, WebhookTarget } from '../../webhooks/types.js';

/** The header ComplyCube signs deliveries in (the PHP SDK's example; the Node SDK's `EventVerifier`). */
export const COMPLYCUBE_SIGNATURE_HEADER = 'Complycube-Signature';

/** The event type for a check's current state, in the current docs' spelling (`check.completed`, not `.complete`). */
function eventType(check: CcCheck): string {
  if (check.status === 'pending') return 'check.pending';
  if (check.status === 'failed') return 'check.failed';
  return 'check.completed';
}

/**
 * A stable event id (24 hex, ObjectId-like): the same check in the same state always gives the same id, so a
 * receiver that dedupes on `id` sees a re-sent state once, as with ComplyCube's retries.
 */
function eventId(check: CcCheck, type: string): string {
  const seconds = Math.floor(check.updatedAt / 1000) >>> 0;
  const digest = createHash('sha256')
    .update(`${check.id}:${type}:${check.outcome ?? ''}`)
    .digest('hex');
  return seconds.toString(16).padStart(8, '0') + digest.slice(0, 16);
}

function checkEvent(record: CcRecord, check: CcCheck): JsonObject {
  const type = eventType(check);
  const payload: JsonObject = {
    id: check.id,
    clientId: record.clientId,
    type: check.type,
    status: check.status,
  };
  if (check.status === 'complete' && check.outcome !== null) payload.outcome = check.outcome;
  payload.createdAt = isoMs(check.createdAt);
  payload.updatedAt = isoMs(check.updatedAt);
  return {
    id: eventId(check, type),
    type,
    resourceType: 'check',
    payload,
    createdAt: isoMs(check.updatedAt),
  };
}

/**
 * ComplyCube's outbound webhooks. ComplyCube's documented events are about checks (workflow-session event
 * names are not documented), so each session contributes one event per check, in the check's current
 * state: `check.pending`, `check.completed` (with `payload.outcome`) or `check.failed`; `payload.id` is the
 * check id. A session without checks (started, cancelled) sends nothing. The body is signed with the lowercase
 * hex HMAC-SHA256 of the raw body, keyed with the webhook secret, in `Complycube-Signature` (no timestamp).
 */
export const complyCubeWebhookSender: WebhookSender = {
  requires: ['secret'],
  // ComplyCube retries a failed delivery up to 10 times with exponential back-off (60 s, 120 s, 480 s, …) and
  // then disables the webhook (docs.complycube.com …/webhooks); the sandbox retries a few times, quickly.
  retries: 3,
  events(state, sessionIds) {
    const events: JsonObject[] = [];
    for (const id of sessionIds) {
      const record = state.complycube.store.get(id);
      if (!record) continue;
      for (const check of record.checks) events.push(checkEvent(record, check));
    }
    return events;
  },
  sign(event: JsonObject, target: WebhookTarget): OutboundWebhook {
    if (!target.secret) {
      throw new TypeError(
        `complycube webhook to ${target.url}: expected a secret to sign with, received none`,
      );
    }
    const body = JSON.stringify(event);
    const signature = createHmac('sha256', target.secret).update(body).digest('hex');
    return {
      body,
      headers: { 'Content-Type': 'application/json', [COMPLYCUBE_SIGNATURE_HEADER]: signature },
    };
  },
};
