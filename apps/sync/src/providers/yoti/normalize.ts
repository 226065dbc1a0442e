import type { Check, Session } from '@idvkit/yoti';
import { minimize } from '../../engine/minimize.js';
import type {
  CheckRecord,
  DatablockRecord,
  FetchedSession,
  Normalized,
  RawMode,
} from '../../engine/types.js';
import { required } from '../shared/required.js';
import { latest, Mapper, requiredId, text, timestamp } from '../shared/values.js';
import { checkReason } from './reasons.js';
import { YOTI_SENSITIVE_KEYS } from './sensitive.js';

const STATUS = { ongoing: 'in_progress', completed: 'completed', expired: 'expired' } as const;
const TERMINAL = new Set(['completed', 'expired']);
const CHECK_STATUS = { created: 'pending', done: 'done' } as const;
const RESULT = { approve: 'pass', reject: 'fail', not_available: 'review' } as const;
const RESOURCE_KINDS = [
  'id_documents',
  'supplementary_documents',
  'liveness_capture',
  'face_capture',
  'applicant_profiles',
];

/**
 * A Yoti session as a normalized record. Yoti has no outcome field: it is derived from the check
 * recommendations of a completed session (any REJECT → rejected; any NOT_AVAILABLE or undecided → review;
 * every check APPROVE → approved; no checks or not completed → none). Required (else quarantined):
 * `session_id`, `state`, and per check `id`, `type` and `state`. A Yoti session has no creation time of its
 * own: `createdAt` is the earliest time of its resources and checks (null while it has none).
 * Reasons: each check with a recommendation `reason` (or only a `recovery_suggestion`) gets its reason code
 * (see ./reasons.ts) and the reason verbatim; a rejected session takes the reason of its first rejecting check
 * (in the order Yoti lists them), other sessions have none.
 */
export function normalizeYoti(fetched: FetchedSession, raw: RawMode): Normalized {
  const s = fetched.payload as Session;
  const m = new Mapper();
  const sessionId = requiredId(s?.session_id, 'session_id');
  const providerStatus = required(s, 'state');
  const checks = (s.checks ?? []).map((c, i) => normalizeCheck(c, i, m, raw));
  const datablocks = resourcesOf(s);
  const completed = providerStatus.toUpperCase() === 'COMPLETED';
  const outcome = completed ? outcomeOf(checks) : 'none';
  const rejecting = outcome === 'rejected' ? checks.find((c) => c.result === 'fail') : undefined;
  const times = [
    ...checks.flatMap((c) => [c.createdAt, c.completedAt]),
    ...datablocks.map((d) => d.createdAt),
  ];
  const resourceUpdates = RESOURCE_KINDS.flatMap((k) =>
    resourceList(s, k).map((r) => timestamp(r.last_updated, `${k}.last_updated`)),
  );
  const checkUpdates = (s.checks ?? []).map((c) => timestamp(c.last_updated, 'checks.last_updated'));
  return {
    record: {
      provider: 'yoti',
      sessionId,
      environment: null,
      flowId: null,
      flowVersion: null,
      subjectRef: text(s.user_tracking_id),
      status: m.map(STATUS, providerStatus),
      providerStatus,
      isTerminal: TERMINAL.has(providerStatus.toLowerCase()),
      outcome,
      providerOutcome: recommendations(s.checks ?? []),
      reasonCode: rejecting?.reasonCode ?? null,
      providerReason: rejecting?.providerReason ?? null,
      createdAt: earliest(times),
      startedAt: earliest(datablocks.map((d) => d.createdAt)),
      completedAt: completed ? latest(...checkUpdates) : null,
      updatedAt: latest(...resourceUpdates, ...checkUpdates),
      expiresAt: null,
      lastStepId: null,
      lastStepType: null,
      lastStepVerdict: null,
      raw: minimize(s, raw, YOTI_SENSITIVE_KEYS),
      checks,
      datablocks,
    },
    unmapped: m.unmapped,
  };
}

function normalizeCheck(c: Check, i: number, m: Mapper, raw: RawMode): CheckRecord {
  const rec = c.report?.recommendation?.value;
  const checkId = requiredId(c?.id, `checks[${i}].id`);
  const state = required(c, 'state', `checks[${i}].state`);
  const status = m.map(CHECK_STATUS, state);
  return {
    checkId,
    checkType: required(c, 'type', `checks[${i}].type`),
    status,
    providerStatus: state,
    result: status === 'done' ? m.optional(RESULT, rec, 'none') : 'none',
    providerResult: text(rec),
    ...checkReason(c.report?.recommendation),
    createdAt: timestamp(c.created, `checks[${i}].created`),
    completedAt: status === 'done' ? timestamp(c.last_updated, `checks[${i}].last_updated`) : null,
    raw: minimize(c, raw, YOTI_SENSITIVE_KEYS),
  };
}

function outcomeOf(checks: CheckRecord[]): 'approved' | 'rejected' | 'review' | 'none' | 'unknown' {
  if (checks.length === 0) return 'none';
  if (checks.some((c) => c.result === 'fail')) return 'rejected';
  if (checks.some((c) => c.result === 'unknown')) return 'unknown';
  if (checks.some((c) => c.result !== 'pass')) return 'review';
  return 'approved';
}

function recommendations(checks: Check[]): string | null {
  const values = [
    ...new Set(checks.map((c) => c.report?.recommendation?.value).filter((v): v is string => !!v)),
  ];
  return values.length > 0 ? values.sort().join(',') : null;
}

type ResourceLike = { id?: unknown; created_at?: unknown; last_updated?: unknown };

function resourceList(s: Session, kind: string): ResourceLike[] {
  const list = (s.resources as Record<string, unknown> | undefined)?.[kind];
  return Array.isArray(list) ? (list as ResourceLike[]) : [];
}

function resourcesOf(s: Session): DatablockRecord[] {
  return RESOURCE_KINDS.flatMap((kind) =>
    resourceList(s, kind).map((r, i) => ({
      datablockType: kind,
      datablockId: requiredId(r.id, `resources.${kind}[${i}].id`),
      status: null,
      createdAt: timestamp(r.created_at, `resources.${kind}[${i}].created_at`),
    })),
  );
}

function earliest(dates: Array<Date | null>): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d < best)) best = d;
  return best;
}
