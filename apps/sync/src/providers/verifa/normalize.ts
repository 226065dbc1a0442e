import type { SessionCheck } from '@idvkit/verifa';
import { minimize } from '../../engine/minimize.js';
import type { CheckRecord, FetchedSession, Normalized, RawMode } from '../../engine/types.js';
import { required, requiredTime } from '../shared/required.js';
import { Mapper, requiredId, text, timestamp } from '../shared/values.js';
import type { VerifaPayload } from './payload.js';
import { verifaReason } from './reasons.js';
import { VERIFA_SENSITIVE_KEYS } from './sensitive.js';

const STATUS = {
  pending: 'created',
  sandbox_pending: 'created',
  capturing: 'in_progress',
  processing: 'in_progress',
  awaiting_external: 'in_progress',
  under_review: 'in_progress',
  completed: 'completed',
  failed: 'failed',
  expired: 'expired',
} as const;
export const VERIFA_TERMINAL = new Set(['completed', 'expired', 'failed']);
const OUTCOME = {
  approved: 'approved',
  rejected: 'rejected',
  declined: 'rejected',
  needs_review: 'review',
} as const;
const CHECK_STATUS = {
  pending: 'pending',
  requires_retry: 'pending',
  passed: 'done',
  failed: 'done',
  skipped: 'done',
  error: 'error',
} as const;
const CHECK_RESULT = {
  passed: 'pass',
  failed: 'fail',
  requires_retry: 'review',
  pending: 'none',
  skipped: 'none',
  error: 'none',
} as const;

/**
 * A Verifa session as a normalized record. The outcome and the rejection reason come from the session's
 * result (`approved | rejected | needs_review`; none while there is no result); the workflow run gives the
 * start, completion and last step. Required (else quarantined): `id`, `status`, `created_at`, and per check
 * `id`, `type` and `status`.
 */
export function normalizeVerifa(fetched: FetchedSession, raw: RawMode): Normalized {
  const { session: s, workflowRun: run, result = null } = fetched.payload as VerifaPayload;
  const m = new Mapper();
  const sessionId = requiredId(s?.id, 'id');
  const providerStatus = required(s, 'status');
  const createdAt = requiredTime(s, 'created_at');
  const currentNode = run?.current_node ?? null;
  const node = currentNode
    ? (run?.node_results?.[currentNode] as Record<string, unknown> | undefined)
    : undefined;
  return {
    record: {
      provider: 'verifa',
      sessionId,
      environment: text(s.environment),
      flowId: text(s.workflow_id),
      flowVersion: null,
      subjectRef: text(s.external_ref),
      status: m.map(STATUS, providerStatus),
      providerStatus,
      isTerminal: VERIFA_TERMINAL.has(providerStatus.toLowerCase()),
      outcome: m.optional(OUTCOME, result?.status, 'none'),
      providerOutcome: text(result?.status),
      ...verifaReason(result),
      createdAt,
      startedAt: timestamp(run?.started_at, 'workflow_run.started_at'),
      completedAt: timestamp(run?.completed_at, 'workflow_run.completed_at'),
      updatedAt: timestamp(s.updated_at, 'updated_at'),
      expiresAt: null,
      lastStepId: text(currentNode),
      lastStepType: text(node?.policy),
      lastStepVerdict: text(node?.result),
      raw: minimize({ ...s, result, workflow_run: run }, raw, VERIFA_SENSITIVE_KEYS),
      checks: (s.checks ?? []).map((c, i) => normalizeCheck(c, i, m, raw)),
      datablocks: [],
    },
    unmapped: m.unmapped,
  };
}

function normalizeCheck(c: SessionCheck, i: number, m: Mapper, raw: RawMode): CheckRecord {
  const checkId = requiredId(c?.id, `checks[${i}].id`);
  const providerStatus = required(c, 'status', `checks[${i}].status`);
  const status = m.map(CHECK_STATUS, providerStatus);
  return {
    checkId,
    checkType: required(c, 'type', `checks[${i}].type`),
    status,
    providerStatus,
    // The result is read from the same field: an unmapped status is one unknown value, counted once.
    result: status === 'unknown' ? 'unknown' : m.map(CHECK_RESULT, providerStatus),
    providerResult: providerStatus,
    createdAt: timestamp(c.created_at, `checks[${i}].created_at`),
    completedAt: timestamp(c.completed_at, `checks[${i}].completed_at`),
    raw: minimize(c, raw, VERIFA_SENSITIVE_KEYS),
  };
}
