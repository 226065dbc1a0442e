import type { Rng } from '../prng.js';
import type { JsonObject } from '../types.js';

/** Sub-checks Yoti reports per check type (the breakdown). */
const SUB_CHECKS: Record<string, readonly string[]> = {
  ID_DOCUMENT_AUTHENTICITY: [
    'document_in_date',
    'fraud_list_check',
    'hologram',
    'mrz_validation',
    'no_sign_of_tampering',
  ],
  ID_DOCUMENT_TEXT_DATA_CHECK: ['text_data_readable', 'document_in_date'],
  LIVENESS: ['liveness_auth'],
  ID_DOCUMENT_FACE_MATCH: ['ai_face_match', 'manual_face_match'],
  FACE_COMPARISON: ['ai_face_match'],
  SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK: ['text_data_readable', 'address_match'],
  PROFILE_DOCUMENT_MATCH: ['name_match', 'date_of_birth_match'],
  ID_DOCUMENT_COMPARISON: ['name_match', 'date_of_birth_match'],
  WATCHLIST_SCREENING: ['sanctions_screening', 'pep_screening'],
  IBV_VISUAL_REVIEW_CHECK: ['visual_review'],
};

const REJECT_REASONS: Record<string, readonly [string, string]> = {
  ID_DOCUMENT_AUTHENTICITY: ['FRAUD_DETECTED', 'USE_GENUINE_DOCUMENT'],
  ID_DOCUMENT_TEXT_DATA_CHECK: ['DOCUMENT_EXPIRED', 'USE_VALID_DOCUMENT'],
  LIVENESS: ['LIVENESS_FAILED', 'RETRY_LIVENESS'],
  ID_DOCUMENT_FACE_MATCH: ['FACE_NOT_MATCHING', 'RETAKE_SELFIE'],
  FACE_COMPARISON: ['FACE_NOT_MATCHING', 'RETAKE_SELFIE'],
  SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK: ['ADDRESS_MISMATCH', 'USE_RECENT_DOCUMENT'],
  PROFILE_DOCUMENT_MATCH: ['DATA_MISMATCH', 'CHECK_PROFILE_DATA'],
  ID_DOCUMENT_COMPARISON: ['DATA_MISMATCH', 'USE_SAME_IDENTITY'],
  WATCHLIST_SCREENING: ['WATCHLIST_HIT', 'CONTACT_SUPPORT'],
  IBV_VISUAL_REVIEW_CHECK: ['VISUAL_REVIEW_FAILED', 'VISIT_BRANCH_AGAIN'],
};

const NOT_AVAILABLE_REASONS: ReadonlyArray<readonly [string, string]> = [
  ['PHOTO_TOO_BLURRY', 'BETTER_LIGHTING'],
  ['GLARE', 'BETTER_LIGHTING'],
  ['INSUFFICIENT_DOCUMENT', 'USE_FULL_DOCUMENT'],
  ['PARTIAL_PHOTO', 'RETAKE_PHOTO'],
];

/** The result a check's report should carry. */
export type CheckVerdict = 'APPROVE' | 'REJECT' | 'NOT_AVAILABLE' | 'CONSIDER';

/** Renders a DONE check's `report` for the given verdict. */
export function checkReport(rng: Rng, type: string, verdict: CheckVerdict): JsonObject {
  const subChecks = SUB_CHECKS[type] ?? ['generic'];
  const breakdown = subChecks.map((subCheck, index) => {
    const fail = verdict === 'REJECT' && index === 0;
    const item: JsonObject = {
      sub_check: subCheck,
      result: fail ? 'FAIL' : 'PASS',
      details: [
        { name: 'confidence_score', value: (fail ? rng.int(2, 40) / 100 : rng.int(80, 99) / 100).toFixed(2) },
      ],
    };
    if (rng.chance(0.5)) item.process = rng.chance(0.8) ? 'AUTOMATED' : 'EXPERT_REVIEW';
    return item;
  });
  let recommendation: JsonObject = { value: 'APPROVE' };
  if (verdict === 'REJECT') {
    const [reason, recovery] = REJECT_REASONS[type] ?? ['FRAUD_DETECTED', 'CONTACT_SUPPORT'];
    recommendation = { value: 'REJECT', reason, recovery_suggestion: recovery };
  } else if (verdict === 'CONSIDER') {
    // Yoti documents CONSIDER for some third-party and address checks: a partial match for a human to judge.
    recommendation = { value: 'CONSIDER', reason: 'PARTIAL_MATCH' };
  } else if (verdict === 'NOT_AVAILABLE') {
    const [reason, recovery] = rng.pick(NOT_AVAILABLE_REASONS);
    recommendation = { value: 'NOT_AVAILABLE', reason, recovery_suggestion: recovery };
  }
  const report: JsonObject = {
    recommendation,
    breakdown: verdict === 'NOT_AVAILABLE' ? [] : breakdown,
  };
  if (type === 'WATCHLIST_SCREENING') {
    report.watchlist_summary = {
      total_hits: verdict === 'REJECT' ? rng.int(1, 3) : 0,
      search_config: { type: 'WATCHLIST_SCREENING', categories: ['SANCTIONS', 'PEP'] },
    };
  }
  return report;
}
