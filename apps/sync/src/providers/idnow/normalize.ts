import type { Session } from '@idvkit/idnow';
import { minimize } from '../../engine/minimize.js';
import type { FetchedSession, Normalized, RawMode, SessionRecord } from '../../engine/types.js';
import { required, requiredTime } from '../shared/required.js';
import { Mapper, requiredId, text, timestamp } from '../shared/values.js';
import { IDNOW_SENSITIVE_KEYS } from './sensitive.js';

const STATUS = {
  created: 'created',
  running: 'in_progress',
  completed: 'completed',
  error: 'failed',
  aborted: 'abandoned',
  expired: 'expired',
} as const;
const TERMINAL = new Set(['completed', 'error', 'aborted', 'expired']);
// Seen both as accepted|rejected|NO_OUTCOME and ACCEPTED|REJECTED: the mapper compares case-insensitively.
const OUTCOME = { accepted: 'approved', rejected: 'rejected', no_outcome: 'none' } as const;

/**
 * An IDnow session (`getSession`) as a normalized record. Required (else quarantined): `sessionId`,
 * `sessionStatus`, `createdAt` and `flowId` (the scope the session is listed and re-polled in).
 * @see ../../../../../docs/schema.md
 */
export function normalizeIdnow(fetched: FetchedSession, raw: RawMode): Normalized {
  const s = fetched.payload as Session;
  const m = new Mapper();
  const sessionId = requiredId(s?.sessionId, 'sessionId');
  const providerStatus = required(s, 'sessionStatus');
  const createdAt = requiredTime(s, 'createdAt');
  const flowId = required(s, 'flowId');
  const lastStep = s.lastStep ?? null;
  const record: SessionRecord = {
    provider: 'idnow',
    sessionId,
    environment: text(s.environment) ?? fetched.ref.scope.environment ?? null,
    flowId,
    flowVersion: s.flowVersion === null || s.flowVersion === undefined ? null : String(s.flowVersion),
    subjectRef: text(s.subjectId),
    status: m.map(STATUS, providerStatus),
    providerStatus,
    isTerminal: TERMINAL.has(providerStatus.toLowerCase()),
    outcome: m.optional(OUTCOME, s.outcome, 'none'),
    providerOutcome: text(s.outcome),
    createdAt,
    startedAt: timestamp(s.startedAt, 'startedAt'),
    completedAt: timestamp(s.completedAt, 'completedAt'),
    updatedAt: timestamp(s.updatedAt, 'updatedAt'),
    expiresAt: timestamp(s.expiresAt, 'expiresAt'),
    lastStepId: text(lastStep?.stepId ?? lastStep?.stepName),
    lastStepType: text(lastStep?.stepType),
    lastStepVerdict: text(lastStep?.verdict),
    // IDnow documents no rejection reason on the session or its `results` (only `outcome` and the last step's
    // verdict); a reason would have to be read from datablock content, which is personal data and never fetched.
    reasonCode: null,
    providerReason: null,
    raw: minimize(s, raw, IDNOW_SENSITIVE_KEYS),
    checks: [],
    // Only references: datablock content is personal data and is never fetched.
    datablocks: Object.entries(s.results ?? {}).map(([type, ref]) => ({
      datablockType: type,
      datablockId: requiredId(ref?.id, `results.${type}.id`),
      status: null,
      createdAt: null,
    })),
  };
  return { record, unmapped: m.unmapped };
}
