import { DAY, isoSeconds } from '../clock.js';
import { Rng } from '../prng.js';
import type { JsonObject } from '../types.js';
import { person } from './people.js';
import { hasResult, type VerifaData, type VerifaRecord } from './verifa.js';

/** Days after a session's creation when its sensitive data (documents, `extracted_data`) is deleted. */
export const VERIFA_SENSITIVE_WINDOW_DAYS = 30;

/** The decision a result reports: `approved`, `rejected` or `needs_review`. */
export type VerifaDecision = 'approved' | 'rejected' | 'needs_review';

/**
 * Why the failing check rejected the session, per the check's policy. The docs show only `document_unreadable`;
 * the other codes are the sandbox's, named after Verifa's policies.
 */
const REASONS: Record<string, ReadonlyArray<readonly [string, string]>> = {
  document_verification: [
    ['document_unreadable', 'The document could not be read.'],
    ['document_expired', 'The document has expired.'],
    ['document_not_accepted', 'This document type is not accepted.'],
  ],
  face_match: [['face_match_failed', 'The selfie does not match the document photo.']],
  aml_screening: [['watchlist_match', 'The person matches a sanctions or PEP list entry.']],
  database_verification: [['database_mismatch', 'The data does not match the reference database.']],
};

/** Whether the session's sensitive-data window has elapsed at `now` (or its data was purged). */
export function sensitiveExpired(record: VerifaRecord, now: number): boolean {
  return record.purged || now >= record.createdAt + VERIFA_SENSITIVE_WINDOW_DAYS * DAY;
}

/**
 * The result's decision, consistent with the session: `under_review` is `needs_review`; a completed session's
 * workflow outcome gives it (`declined` is the events' word for `rejected`; no outcome with every check passed is
 * `approved`). Null while the session has no result.
 */
export function decisionOf(record: VerifaRecord): VerifaDecision | null {
  if (!hasResult(record.status)) return null;
  if (record.status === 'under_review') return 'needs_review';
  const f = record.finalStatus;
  if (f === 'rejected' || f === 'declined') return 'rejected';
  return f === 'needs_review' ? 'needs_review' : 'approved';
}

/** `SessionResult` payload (`GET /api/v1/sessions/{id}/result`) at `now`, or null (404) when there is none. */
export function renderResult(data: VerifaData, record: VerifaRecord, now: number): JsonObject | null {
  const decision = decisionOf(record);
  if (decision === null) return null;
  const session = data.renderSession(record);
  const who = person(new Rng(record.seed));
  const rng = new Rng(record.seed ^ 0x5bd1e995);
  const checkNodes = data.nodesFor(record).filter((n) => n.checkType !== null);
  const { culprit } = data.progress(record);
  const failing = decision === 'approved' ? undefined : checkNodes[culprit];
  const hasFace = checkNodes.some((n) => n.policy === 'face_match');
  const faceFailed = failing?.policy === 'face_match';
  const score = faceFailed ? 0.05 + rng.next() * 0.3 : 0.6 + rng.next() * 0.39;
  const resultAt = record.resultAt ?? record.updatedAt;
  const age = ageAt(who.dateOfBirth, resultAt);
  const reasons = REASONS[failing?.policy ?? ''] ?? REASONS.document_verification;
  const [code, reason] = rng.pick(reasons ?? []) ?? [];
  const expired = sensitiveExpired(record, now);
  const result: JsonObject = {
    session_id: record.id,
    status: decision,
    is_sandbox: true,
    created_at: isoSeconds(resultAt),
    face_match_passed: hasFace ? !faceFailed : null,
    face_match_score: hasFace ? Math.round(score * 100) / 100 : null,
    age_check_passed: age >= 18,
    extracted_age: expired ? null : age,
    extracted_data: expired
      ? {}
      : {
          first_name: who.givenNames,
          last_name: who.familyName,
          date_of_birth: who.dateOfBirth,
          nationality: who.nationality,
          document_type: session.document_type ?? null,
        },
    rejection_reason: decision === 'rejected' ? (reason ?? null) : null,
    rejection_reason_code: decision === 'rejected' ? (code ?? null) : null,
    processing_mode: record.reviewed ? 'manual' : 'automatic',
    country_used: session.country ?? who.country2,
  };
  if (expired) result.sensitive_data_expired = true;
  return result;
}

/** A `GET /api/v1/results` item: the result without personal data. */
export function resultListItem(result: JsonObject): JsonObject {
  const { extracted_data: _data, extracted_age: _age, ...item } = result;
  return item;
}

function ageAt(dateOfBirth: string, at: number): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const now = new Date(at);
  const birthdayPassed = now.getUTCMonth() + 1 > m || (now.getUTCMonth() + 1 === m && now.getUTCDate() >= d);
  return now.getUTCFullYear() - y - (birthdayPassed ? 0 : 1);
}
