import { createHash, createHmac } from 'node:crypto';
import { isoSeconds } from '../../clock.js';
import type { VerifaRecord } from '../../data/verifa.js';
import { decisionOf } from '../../data/verifa-result.js';
import type { SandboxState } from '../../state.js';
import type { JsonObject } from '../../types.js';
import type { OutboundWebhook, WebhookSender, WebhookTarget } from '../../webhooks/types.js';

/**
 * The event a session's current state fires. Event names say `declined` where the result says `rejected`, and
 * mix hyphens (`requires-review`) with underscores (`awaiting_external`), as Verifa's do. `processing` and
 * `failed` have no documented event.
 */
function eventName(record: VerifaRecord): string | null {
  switch (record.status) {
    case 'pending':
    case 'sandbox_pending':
      return 'session.created';
    case 'capturing':
      return 'session.started';
    case 'awaiting_external':
      return 'session.awaiting_external';
    case 'under_review':
      return 'session.requires-review';
    case 'expired':
      return 'session.expired';
    case 'completed': {
      const decision = decisionOf(record);
      return decision === 'approved'
        ? 'session.approved'
        : decision === 'rejected'
          ? 'session.declined'
          : 'session.requires-review';
    }
    default:
      return null;
  }
}

/**
 * Verifa's outbound webhooks: the nested event shape of the webhooks guide (`{event, data{…}, created_at}`) plus
 * the tutorial's `idempotency_key` (stable per session, event and change, so a redelivery dedupes), signed with
 * `X-Verifa-Signature: t=<unix seconds>,v1=hex(HMAC-SHA256(secret, "{t}.{body}"))`, the secret used as-is.
 * @see https://docs.withverifa.com/tutorials/receiving-webhooks-validating-signatures
 */
export const verifaWebhookSender: WebhookSender = {
  events(state: SandboxState, sessionIds: readonly string[]): JsonObject[] {
    const events: JsonObject[] = [];
    for (const id of sessionIds) {
      const record = state.verifa.store.get(id);
      const event = record ? eventName(record) : null;
      if (!record || !event) continue;
      const session = state.verifa.renderSession(record);
      const key = createHash('sha256').update(`${record.id}:${event}:${record.updatedAt}`).digest('hex');
      events.push({
        event,
        idempotency_key: `evt_${key.slice(0, 24)}`,
        data: {
          session_id: record.id,
          external_ref: session.external_ref ?? null,
          status: record.status,
          is_sandbox: true,
          created_at: session.created_at ?? null,
        },
        created_at: isoSeconds(record.updatedAt),
      });
    }
    return events;
  },

  sign(event: JsonObject, target: WebhookTarget, nowMs: number): OutboundWebhook {
    if (!target.secret)
      throw new TypeError(`verifa webhook target ${target.url}: expected a secret (whsec_…)`);
    const body = JSON.stringify(event);
    const t = Math.floor(nowMs / 1000);
    const v1 = createHmac('sha256', target.secret).update(`${t}.${body}`).digest('hex');
    return {
      body,
      headers: { 'Content-Type': 'application/json', 'X-Verifa-Signature': `t=${t},v1=${v1}` },
    };
  },
};
