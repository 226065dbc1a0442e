/**
 * Normalized records the sync engine loads. Normalized values are the reporting vocabulary; the provider's own
 * value is always kept beside them (`providerStatus`, `providerOutcome`, …).
 * @see ../../../docs/schema.md
 */

/** Normalized session status (column `idv.sessions.status`). */
export type SessionStatus =
  | 'created'
  | 'in_progress'
  | 'completed'
  | 'failed'
  | 'abandoned'
  | 'expired'
  | 'unknown';
/** Normalized session outcome (column `idv.sessions.outcome`). */
export type SessionOutcome = 'approved' | 'rejected' | 'review' | 'none' | 'unknown';
/** Normalized check status (column `idv.session_checks.status`). */
export type CheckStatus = 'pending' | 'done' | 'error' | 'unknown';
/** Normalized check result (column `idv.session_checks.result`). */
export type CheckResult = 'pass' | 'fail' | 'review' | 'none' | 'unknown';

/** Every normalized value, in schema order; the CHECK constraints of migration 001 list the same. */
export const SESSION_STATUSES = [
  'created',
  'in_progress',
  'completed',
  'failed',
  'abandoned',
  'expired',
  'unknown',
] as const satisfies readonly SessionStatus[];
export const SESSION_OUTCOMES = [
  'approved',
  'rejected',
  'review',
  'none',
  'unknown',
] as const satisfies readonly SessionOutcome[];
export const CHECK_STATUSES = [
  'pending',
  'done',
  'error',
  'unknown',
] as const satisfies readonly CheckStatus[];
export const CHECK_RESULTS = [
  'pass',
  'fail',
  'review',
  'none',
  'unknown',
] as const satisfies readonly CheckResult[];

/**
 * Normalized rejection reasons (columns `reason_code` of `idv.sessions` and `idv.session_checks`): a small
 * vocabulary for reporting; the provider's own words are kept verbatim in `provider_reason`. Each adapter maps
 * its provider's codes onto these (docs/schema.md, "Rejection reasons"); a reason it cannot map is `other`.
 */
export type ReasonCode =
  | 'document_unreadable'
  | 'document_expired'
  | 'document_invalid'
  | 'face_mismatch'
  | 'liveness_failed'
  | 'watchlist_hit'
  | 'fraud_suspected'
  | 'age_check_failed'
  | 'other';
export const REASON_CODES = [
  'document_unreadable',
  'document_expired',
  'document_invalid',
  'face_mismatch',
  'liveness_failed',
  'watchlist_hit',
  'fraud_suspected',
  'age_check_failed',
  'other',
] as const satisfies readonly ReasonCode[];

/**
 * A flow as its provider names it (IDnow flow, Verifa workflow, ComplyCube workflow template): a row of
 * `idv.flows` once the engine adds the provider and connection.
 */
export interface FlowInfo {
  flowId: string;
  /** Null when the provider gives no name; reports then show the id. */
  name: string | null;
  version: string | null;
  environment: string | null;
}

/** One check of a session (row of `idv.session_checks`). */
export interface CheckRecord {
  checkId: string;
  checkType: string;
  status: CheckStatus;
  providerStatus: string | null;
  result: CheckResult;
  providerResult: string | null;
  createdAt: Date | null;
  completedAt: Date | null;
  /** Why the check failed, normalized; null (or absent) when it did not fail or the provider gives no reason. */
  reasonCode?: ReasonCode | null;
  /** The provider's reason, verbatim (a code or a short text; never personal data). */
  providerReason?: string | null;
  /** Provider payload of the check, already minimized by the caller. */
  raw: unknown;
}

/** A reference to a provider-side data block (IDnow); the content itself is never stored. */
export interface DatablockRecord {
  datablockType: string;
  datablockId: string;
  status: string | null;
  createdAt: Date | null;
}

/** One normalized session with its checks and datablock references (row of `idv.sessions` and children). */
export interface SessionRecord {
  provider: string;
  sessionId: string;
  /**
   * The connection (configured account) that read it; its checks and datablocks record the same. Absent → the
   * provider's name, the name of a `providers` shorthand's one connection.
   */
  connection?: string;
  environment: string | null;
  flowId: string | null;
  flowVersion: string | null;
  /** The flow's name when the session payload carries it (ComplyCube `workflowTemplateName`); fills `idv.flows`. */
  flowName?: string | null;
  subjectRef: string | null;
  status: SessionStatus;
  providerStatus: string | null;
  isTerminal: boolean;
  outcome: SessionOutcome;
  providerOutcome: string | null;
  createdAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  /** The provider's last-modified time; the load guard compares it so an older payload never wins. */
  updatedAt: Date | null;
  expiresAt: Date | null;
  lastStepId: string | null;
  lastStepType: string | null;
  lastStepVerdict: string | null;
  /** Why the session was rejected, normalized; null (or absent) unless the outcome is `rejected` or `review`. */
  reasonCode?: ReasonCode | null;
  /** The provider's reason, verbatim (a code or a short text; never personal data). */
  providerReason?: string | null;
  /** Provider payload, already minimized by the caller (no secrets, no personal data by default). */
  raw: unknown;
  checks: CheckRecord[];
  datablocks: DatablockRecord[];
}
