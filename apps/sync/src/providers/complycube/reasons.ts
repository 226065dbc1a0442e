import type { Check } from '@idvkit/complycube';
import type { CheckRecord, ReasonCode } from '../../engine/types.js';
import { failingKeys } from './failing-keys.js';

/** A normalized reason and the provider's own words for it. */
export interface Reason {
  reasonCode: ReasonCode;
  providerReason: string;
}

/** Check outcomes that say something is wrong (`match_confirmed`: a screening match validated as true). */
const NOT_CLEAR = new Set(['rejected', 'attention', 'match_confirmed']);

/**
 * Document-check analyses in priority order: the first failing one names the reason. `authenticityAnalysis`
 * is a summary of the format and forensic analyses, so it counts only when no more specific analysis failed.
 */
const DOCUMENT_REASONS: Array<[test: (key: string) => boolean, ReasonCode]> = [
  [(k) => k === 'contentAnalysis.expiryDate', 'document_expired'],
  [(k) => k.startsWith('forensicAnalysis'), 'fraud_suspected'],
  [(k) => /quality|readab|blur|glare/i.test(k), 'document_unreadable'],
  [(k) => /^(mrz|consistency|content|format|frontAndBack|integrity)Analysis/.test(k), 'document_invalid'],
  [(k) => k.startsWith('authenticityAnalysis'), 'fraud_suspected'],
];

/**
 * Why a check is not clear, from `result.outcome` and the failing keys of `result.breakdown`; null for a
 * clear, pending or failed (errored) check. `providerReason` is the outcome and the failing breakdown keys,
 * verbatim (keys only, never values: the breakdown holds personal data), e.g.
 * `rejected: contentAnalysis.expiryDate`. The mapping is docs/schema.md's "ComplyCube" table.
 */
export function checkReason(check: Check): Reason | null {
  const outcome = check.result?.outcome;
  if (check.status !== 'complete' || typeof outcome !== 'string' || !NOT_CLEAR.has(outcome)) return null;
  const keys = failingKeys(check.result?.breakdown);
  return {
    reasonCode: reasonCodeOf(String(check.type ?? ''), keys),
    providerReason: keys.length > 0 ? `${outcome}: ${keys.join(', ')}` : outcome,
  };
}

/** The normalized reason of a check of this type whose breakdown fails on `keys`. */
export function reasonCodeOf(type: string, keys: readonly string[]): ReasonCode {
  if (/screening/.test(type)) return 'watchlist_hit';
  if (type === 'document_check') {
    for (const [test, code] of DOCUMENT_REASONS) if (keys.some(test)) return code;
    return 'other';
  }
  if (type === 'proof_of_address_check') return 'document_invalid';
  if (type === 'age_estimation_check') return 'age_check_failed';
  if (/face|identity/.test(type)) {
    // A liveness failure is a different finding from a face that does not match.
    return keys.some((k) => /liveness/i.test(k)) ? 'liveness_failed' : 'face_mismatch';
  }
  return 'other';
}

/**
 * The session's reason, for a `rejected` or `attention` session only: the first check (in the session's
 * `allRelatedChecks` order) whose result is `fail` (rejected, match_confirmed), else the first under `review`
 * (attention). With no such check (e.g. the check that needed attention errored), `other` with the failed
 * check's type, or the session outcome, as the provider's reason.
 */
export function sessionReason(
  outcome: string | null | undefined,
  checks: readonly CheckRecord[],
): Reason | null {
  if (outcome !== 'rejected' && outcome !== 'attention') return null;
  const withReason = (result: CheckRecord['result']) =>
    checks.find((c) => c.result === result && c.reasonCode && c.providerReason);
  const first = withReason('fail') ?? withReason('review');
  if (first)
    return { reasonCode: first.reasonCode as ReasonCode, providerReason: first.providerReason as string };
  const errored = checks.find((c) => c.status === 'error');
  return {
    reasonCode: 'other',
    providerReason: errored ? `failed: ${errored.checkType}` : outcome,
  };
}
