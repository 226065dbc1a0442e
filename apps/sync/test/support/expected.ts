import type { GroundTruth } from '@idvkit/sandbox';

/**
 * The normalized values the sandbox's ground truth must produce, computed independently of the adapters from
 * the vocabulary table in the provider notes (shared/provider-docs/README.md).
 */
export interface ExpectedSession {
  provider: string;
  sessionId: string;
  status: string;
  outcome: string;
  checks: Record<string, string>; // check id → normalized result
  datablocks: string[]; // "type/id"
}

const lower = (v: unknown) => (v === null || v === undefined ? undefined : String(v).toLowerCase());
type O = Record<string, any>;

const IDNOW_STATUS: O = {
  created: 'created',
  running: 'in_progress',
  completed: 'completed',
  error: 'failed',
  aborted: 'abandoned',
  expired: 'expired',
};
const IDNOW_OUTCOME: O = { accepted: 'approved', rejected: 'rejected', no_outcome: 'none' };
const YOTI_STATUS: O = { ongoing: 'in_progress', completed: 'completed', expired: 'expired' };
const YOTI_RESULT: O = { approve: 'pass', reject: 'fail', not_available: 'review' };
const CC_STATUS: O = {
  started: 'in_progress',
  processing: 'in_progress',
  complete: 'completed',
  abandoned: 'abandoned',
  cancelled: 'abandoned',
};
const CC_OUTCOME: O = { clear: 'approved', rejected: 'rejected', attention: 'review' };
const CC_RESULT: O = { clear: 'pass', rejected: 'fail', match_confirmed: 'fail', attention: 'review' };
const VF_STATUS: O = {
  pending: 'created',
  sandbox_pending: 'created',
  capturing: 'in_progress',
  processing: 'in_progress',
  awaiting_external: 'in_progress',
  under_review: 'in_progress',
  completed: 'completed',
  expired: 'expired',
  failed: 'failed',
};
const VF_OUTCOME: O = {
  approved: 'approved',
  rejected: 'rejected',
  declined: 'rejected',
  needs_review: 'review',
};
const VF_RESULT: O = {
  passed: 'pass',
  failed: 'fail',
  requires_retry: 'review',
  pending: 'none',
  skipped: 'none',
  error: 'none',
};

export function expectedFromTruth(truth: GroundTruth): ExpectedSession[] {
  const out: ExpectedSession[] = [];
  for (const t of truth.idnow.sessions) {
    const s = t.session as O;
    out.push({
      provider: 'idnow',
      sessionId: t.sessionId,
      status: IDNOW_STATUS[lower(s.sessionStatus)!] ?? 'unknown',
      outcome: s.outcome == null ? 'none' : (IDNOW_OUTCOME[lower(s.outcome)!] ?? 'unknown'),
      checks: {},
      datablocks: Object.entries((s.results ?? {}) as O).map(([k, v]) => `${k}/${v.id}`),
    });
  }
  for (const t of truth.yoti.sessions) {
    const s = t.session as O;
    const checks: Record<string, string> = {};
    for (const c of (s.checks ?? []) as O[]) {
      checks[c.id] =
        lower(c.state) === 'done'
          ? (YOTI_RESULT[lower(c.report?.recommendation?.value) ?? ''] ?? 'none')
          : 'none';
    }
    const results = Object.values(checks);
    const completed = lower(s.state) === 'completed';
    const outcome =
      !completed || results.length === 0
        ? 'none'
        : results.includes('fail')
          ? 'rejected'
          : results.every((r) => r === 'pass')
            ? 'approved'
            : 'review';
    const kinds = [
      'id_documents',
      'supplementary_documents',
      'liveness_capture',
      'face_capture',
      'applicant_profiles',
    ];
    out.push({
      provider: 'yoti',
      sessionId: t.sessionId,
      status: YOTI_STATUS[lower(s.state)!] ?? 'unknown',
      outcome,
      checks,
      datablocks: kinds.flatMap((k) => ((s.resources?.[k] ?? []) as O[]).map((r) => `${k}/${r.id}`)),
    });
  }
  for (const t of truth.complycube.sessions) {
    const s = t.session as O;
    const checks: Record<string, string> = {};
    for (const c of Object.values(t.checks) as O[]) {
      checks[c.id] =
        lower(c.status) === 'pending' ? 'none' : (CC_RESULT[lower(c.result?.outcome) ?? ''] ?? 'none');
    }
    out.push({
      provider: 'complycube',
      sessionId: t.sessionId,
      status: CC_STATUS[lower(s.status)!] ?? 'unknown',
      outcome: s.outcome == null ? 'none' : (CC_OUTCOME[lower(s.outcome)!] ?? 'unknown'),
      checks,
      datablocks: [],
    });
  }
  for (const t of truth.verifa.sessions) {
    const s = t.session as O;
    // The decision is the session result's, which exists once the session is completed or under review.
    const result = t.result as O | null;
    const checks: Record<string, string> = {};
    for (const c of (s.checks ?? []) as O[]) checks[c.id] = VF_RESULT[lower(c.status)!] ?? 'unknown';
    out.push({
      provider: 'verifa',
      sessionId: t.sessionId,
      status: VF_STATUS[lower(s.status)!] ?? 'unknown',
      outcome: result?.status == null ? 'none' : (VF_OUTCOME[lower(result.status)!] ?? 'unknown'),
      checks,
      datablocks: [],
    });
  }
  return out.sort((a, b) => (a.provider + a.sessionId).localeCompare(b.provider + b.sessionId));
}
