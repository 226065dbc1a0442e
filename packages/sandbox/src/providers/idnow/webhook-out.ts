import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { isoMs } from '../../clock.js';
import { SANDBOX_CREDENTIALS } from '../../credentials.js';
import type { IdnowRecord } from '../../data/idnow.js';
import type { SandboxState } from '../../state.js';
import type { JsonObject } from '../../types.js';
import type { OutboundWebhook, WebhookSender, WebhookTarget } from '../../webhooks/types.js';
import { IDNOW_WEBHOOK_ISSUER, IDNOW_WEBHOOK_TTL_SECONDS, idnowWebhookKey } from './webhook-keys.js';

/** A UUID-shaped id derived from `seed`, so a re-sent event keeps its `eventId`. */
const stableId = (seed: string): string => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** The event IDnow would send for a session's current state (thin: ids and status only, no personal data). */
function eventFor(state: SandboxState, record: IdnowRecord): JsonObject {
  const data = state.idnow;
  const item = data.renderListItem(record);
  const terminal = !data.isOpen(record);
  const event: JsonObject = {
    eventId: stableId(`${record.id}:${record.status}:${record.updatedAt}`),
    eventVersion: '1',
    // The docs show `session.completed` only; the full list of names is undocumented.
    eventName: `session.${record.status.toLowerCase()}`,
    // One step per change: created (1), each executed step, then the terminal transition.
    eventSequence: 1 + record.stepTimes.length + (terminal ? 1 : 0),
    createdAt: isoMs(record.updatedAt),
    environment: record.environment,
    payload: { flowId: item.flowId as string, sessionId: record.id, sessionStatus: record.status },
  };
  const lastStep = item.lastStep as JsonObject | undefined;
  if (lastStep) {
    event.lastStepId = (lastStep.stepId ?? lastStep.stepName) as string;
    event.lastStepType = lastStep.stepType as string;
    event.lastStepStatus = lastStep.verdict as string;
  }
  return event;
}

/**
 * IDnow's outbound webhooks: one event per created or changed session, sent as the body of an RS256 JWT
 * (`Content-Type: application/jwt`) signed with the sandbox key published at `baseUrls.idnowJwks` (header
 * `kid`). Claims: `iss` {@link IDNOW_WEBHOOK_ISSUER}, `aud` the target URL, `iat`/`exp` (10 minutes), and the
 * event in `data`, with a fresh `eventDeliverId` per delivery attempt.
 * @see https://docs.eu.platform.idnow.sx/docs/integration/secure-webhooks
 */
export const idnowWebhookSender: WebhookSender = {
  events(state, sessionIds) {
    const out: JsonObject[] = [];
    for (const id of sessionIds) {
      const record = state.idnow.store.get(id);
      if (record) out.push(eventFor(state, record));
    }
    return out;
  },

  async sign(event: JsonObject, target: WebhookTarget, nowMs: number): Promise<OutboundWebhook> {
    const iat = Math.floor(nowMs / 1000);
    const body = await new SignJWT({ data: { ...event, eventDeliverId: randomUUID() } })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: SANDBOX_CREDENTIALS.idnow.webhookKeyId })
      .setIssuer(IDNOW_WEBHOOK_ISSUER)
      .setAudience(target.url)
      .setIssuedAt(iat)
      .setExpirationTime(iat + IDNOW_WEBHOOK_TTL_SECONDS)
      .sign(idnowWebhookKey());
    return { body, headers: { 'Content-Type': 'application/jwt' } };
  },
};
