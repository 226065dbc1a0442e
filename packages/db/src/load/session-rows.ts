import type { FlowRow } from '../queries/flows.js';
import type { CheckRecord, DatablockRecord, SessionRecord } from '../records.js';

/** Key of a session across providers. */
export function sessionKey(provider: string, sessionId: string): string {
  return JSON.stringify([provider, sessionId]);
}

/** Keeps the last record of each (provider, session id), so one INSERT … ON CONFLICT never sees a key twice. */
export function dedupeSessions(sessions: readonly SessionRecord[]): SessionRecord[] {
  const byKey = new Map<string, SessionRecord>();
  for (const s of sessions) {
    const key = sessionKey(s.provider, s.sessionId);
    byKey.delete(key);
    byKey.set(key, s);
  }
  return [...byKey.values()];
}

/** `idv.sessions` columns written from a record, in the jsonb row shape `jsonb_to_recordset` expands. */
export function sessionRow(s: SessionRecord) {
  return {
    provider: s.provider,
    session_id: s.sessionId,
    connection: connectionOf(s),
    environment: s.environment,
    flow_id: s.flowId,
    flow_version: s.flowVersion,
    subject_ref: s.subjectRef,
    status: s.status,
    provider_status: s.providerStatus,
    is_terminal: s.isTerminal,
    outcome: s.outcome,
    provider_outcome: s.providerOutcome,
    created_at: s.createdAt,
    started_at: s.startedAt,
    completed_at: s.completedAt,
    updated_at: s.updatedAt,
    expires_at: s.expiresAt,
    last_step_id: s.lastStepId,
    last_step_type: s.lastStepType,
    last_step_verdict: s.lastStepVerdict,
    reason_code: s.reasonCode ?? null,
    provider_reason: s.providerReason ?? null,
    raw: s.raw ?? null,
  };
}

/** `idv.session_checks` rows of a session; a check id listed twice keeps its last entry. */
export function checkRows(s: SessionRecord) {
  const byId = new Map<string, CheckRecord>();
  for (const c of s.checks) byId.set(c.checkId, c);
  return [...byId.values()].map((c) => ({
    provider: s.provider,
    session_id: s.sessionId,
    connection: connectionOf(s),
    check_id: c.checkId,
    check_type: c.checkType,
    status: c.status,
    provider_status: c.providerStatus,
    result: c.result,
    provider_result: c.providerResult,
    created_at: c.createdAt,
    completed_at: c.completedAt,
    reason_code: c.reasonCode ?? null,
    provider_reason: c.providerReason ?? null,
    raw: c.raw ?? null,
  }));
}

/**
 * `idv.flows` rows named by the records (those whose `flowName` is set: the payload carried the flow's name), so
 * the catalogue also knows flows no `discover` lists (ComplyCube workflow templates).
 */
export function flowRowsOf(sessions: readonly SessionRecord[]): FlowRow[] {
  return sessions.flatMap((s) =>
    s.flowId && s.flowName
      ? [
          {
            provider: s.provider,
            connection: connectionOf(s),
            flow_id: s.flowId,
            name: s.flowName,
            version: s.flowVersion,
            environment: s.environment,
          },
        ]
      : [],
  );
}

/** `idv.session_datablocks` rows of a session; a (type, id) listed twice keeps its last entry. */
export function datablockRows(s: SessionRecord) {
  const byId = new Map<string, DatablockRecord>();
  for (const d of s.datablocks) byId.set(JSON.stringify([d.datablockType, d.datablockId]), d);
  return [...byId.values()].map((d) => ({
    provider: s.provider,
    session_id: s.sessionId,
    connection: connectionOf(s),
    datablock_type: d.datablockType,
    datablock_id: d.datablockId,
    status: d.status,
    created_at: d.createdAt,
  }));
}

/** The connection a record is stored under: its own, else the provider's name (the shorthand's connection). */
export function connectionOf(s: Pick<SessionRecord, 'provider' | 'connection'>): string {
  return s.connection ?? s.provider;
}
