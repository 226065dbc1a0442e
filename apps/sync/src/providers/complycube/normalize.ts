import type { Check } from '@idvkit/complycube';
import { minimize } from '../../engine/minimize.js';
import type { CheckRecord, FetchedSession, Normalized, RawMode } from '../../engine/types.js';
import { required, requiredTime } from '../shared/required.js';
import { Mapper, requiredId, text, timestamp } from '../shared/values.js';
import type { ComplyCubePayload } from './payload.js';
import { checkReason, sessionReason } from './reasons.js';
import { COMPLYCUBE_SENSITIVE_KEYS } from './sensitive.js';

const STATUS = {
  started: 'in_progress',
  processing: 'in_progress',
  complete: 'completed',
  abandoned: 'abandoned',
  cancelled: 'abandoned',
} as const;
const TERMINAL = new Set(['complete', 'abandoned', 'cancelled']);
const OUTCOME = { clear: 'approved', rejected: 'rejected', attention: 'review' } as const;
const CHECK_STATUS = { pending: 'pending', complete: 'done', failed: 'error' } as const;
const CHECK_RESULT = {
  clear: 'pass',
  rejected: 'fail',
  match_confirmed: 'fail',
  attention: 'review',
} as const;

/**
 * A ComplyCube workflow session with its checks as a normalized record. Required (else quarantined): `id`,
 * `status`, `createdAt`, and per check `id`, `type` and `status`.
 */
export function normalizeComplyCube(fetched: FetchedSession, raw: RawMode): Normalized {
  const { session: s, checks, reusedChecks } = fetched.payload as ComplyCubePayload;
  const m = new Mapper();
  const sessionId = requiredId(s?.id, 'id');
  const providerStatus = required(s, 'status');
  const createdAt = requiredTime(s, 'createdAt');
  const checkRecords = [...checks.map((c, i) => normalizeCheck(c, i, m, raw)), ...reusedChecks];
  const reason = sessionReason(text(s.outcome), inSessionOrder(checkRecords, s.allRelatedChecks));
  return {
    record: {
      provider: 'complycube',
      sessionId,
      environment: null,
      flowId: text(s.workflowTemplateId),
      flowName: text(s.workflowTemplateName),
      flowVersion:
        s.workflowVersion === undefined || s.workflowVersion === null ? null : String(s.workflowVersion),
      subjectRef: text(s.clientId),
      status: m.map(STATUS, providerStatus),
      providerStatus,
      isTerminal: TERMINAL.has(providerStatus.toLowerCase()),
      outcome: m.optional(OUTCOME, s.outcome, 'none'),
      providerOutcome: text(s.outcome),
      createdAt,
      startedAt: null,
      completedAt: timestamp(s.completedAt, 'completedAt'),
      updatedAt: timestamp(s.updatedAt, 'updatedAt'),
      expiresAt: null,
      lastStepId: text(s.lastCompletedTaskId),
      lastStepType: null,
      lastStepVerdict: null,
      reasonCode: reason?.reasonCode ?? null,
      providerReason: reason?.providerReason ?? null,
      raw: minimize(s, raw, COMPLYCUBE_SENSITIVE_KEYS),
      checks: checkRecords,
      datablocks: [],
    },
    unmapped: m.unmapped,
  };
}

function normalizeCheck(c: Check, i: number, m: Mapper, raw: RawMode): CheckRecord {
  const checkId = requiredId(c?.id, `checks[${i}].id`);
  const providerStatus = required(c, 'status', `checks[${i}].status`);
  const status = m.map(CHECK_STATUS, providerStatus);
  const outcome = c.result?.outcome;
  const reason = checkReason(c);
  return {
    checkId,
    checkType: required(c, 'type', `checks[${i}].type`),
    status,
    providerStatus,
    result: status === 'pending' ? 'none' : m.optional(CHECK_RESULT, outcome, 'none'),
    providerResult: text(outcome),
    createdAt: timestamp(c.createdAt, `checks[${i}].createdAt`),
    completedAt: status === 'pending' ? null : timestamp(c.updatedAt, `checks[${i}].updatedAt`),
    reasonCode: reason?.reasonCode ?? null,
    providerReason: reason?.providerReason ?? null,
    raw: minimize(c, raw, COMPLYCUBE_SENSITIVE_KEYS),
  };
}

/** The checks in the order the session lists them (its tasks' order); unlisted ones last. */
function inSessionOrder(checks: CheckRecord[], related: ReadonlyArray<{ checkId?: unknown }> | undefined) {
  const rank = new Map((related ?? []).map((r, i) => [r?.checkId, i]));
  const at = (c: CheckRecord) => rank.get(c.checkId) ?? rank.size;
  return [...checks].sort((a, b) => at(a) - at(b));
}
