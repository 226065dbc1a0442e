import type { SessionCheck } from '@idvkit/verifa';
import { minimize } from '../../engine/minimize.js';
import type { CheckRecord, FetchedSession, Normalized, RawMode } from '../../engine/types.js';
import { Mapper, requiredId, text, timestamp } from '../shared/values.js';
import type { VerifaPayload } from './payload.js';
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

/** A Verifa session (+ workflow run) as a normalized record; the outcome is the run's `final_status`. */
export function normalizeVerifa(fetched: FetchedSession, raw: RawMode): Normalized {
  const { session: s, workflowRun: run } = fetched.payload as VerifaPayload;
  const m = new Mapper();
  const providerStatus = text(s.status);
  const currentNode = run?.current_node ?? null;
  const node = currentNode
    ? (run?.node_results?.[currentNode] as Record<string, unknown> | undefined)
    : undefined;
  return {
    record: {
      provider: 'verifa',
      sessionId: requiredId(s.id, 'id'),
      environment: text(s.environment),
      flowId: text(s.workflow_id),
      flowVersion: null,
      subjectRef: text(s.external_ref),
      status: m.map(STATUS, providerStatus),
      providerStatus,
      isTerminal: VERIFA_TERMINAL.has(String(providerStatus).toLowerCase()),
      outcome: m.map(OUTCOME, run?.final_status, 'none'),
      providerOutcome: text(run?.final_status),
      createdAt: timestamp(s.created_at, 'created_at'),
      startedAt: timestamp(run?.started_at, 'workflow_run.started_at'),
      completedAt: timestamp(run?.completed_at, 'workflow_run.completed_at'),
      updatedAt: timestamp(s.updated_at, 'updated_at'),
      expiresAt: null,
      lastStepId: text(currentNode),
      lastStepType: text(node?.policy),
      lastStepVerdict: text(node?.result),
      raw: minimize({ ...s, workflow_run: run }, raw, VERIFA_SENSITIVE_KEYS),
      checks: (s.checks ?? []).map((c, i) => normalizeCheck(c, i, m, raw)),
      datablocks: [],
    },
    unmapped: m.unmapped,
  };
}

function normalizeCheck(c: SessionCheck, i: number, m: Mapper, raw: RawMode): CheckRecord {
  return {
    checkId: requiredId(c.id, `checks[${i}].id`),
    checkType: text(c.type) ?? 'unknown',
    status: m.map(CHECK_STATUS, c.status),
    providerStatus: text(c.status),
    result: m.map(CHECK_RESULT, c.status, 'none'),
    providerResult: text(c.status),
    createdAt: timestamp(c.created_at, `checks[${i}].created_at`),
    completedAt: timestamp(c.completed_at, `checks[${i}].completed_at`),
    raw: minimize(c, raw, VERIFA_SENSITIVE_KEYS),
  };
}
