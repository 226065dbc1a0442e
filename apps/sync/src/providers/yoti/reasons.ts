import type { ReasonCode } from '../../engine/types.js';

/**
 * Yoti's check `report.recommendation.reason` codes mapped onto the normalized vocabulary. Yoti documents
 * them per check type ("Understanding the report"); the full lists could not all be read, so the codes are an
 * open set: one not here (or a recovery_suggestion alone) maps to `other`, and `provider_reason` keeps it.
 * @see https://developers.yoti.com/identity-verification/understanding-the-report
 */
const REASONS: Readonly<Record<string, ReasonCode>> = {
  // Document quality: retake or use a better image (mostly with NOT_AVAILABLE).
  PHOTO_TOO_BLURRY: 'document_unreadable',
  GLARE: 'document_unreadable',
  INSUFFICIENT_DOCUMENT: 'document_unreadable',
  PARTIAL_PHOTO: 'document_unreadable',
  QUALITY: 'document_unreadable',
  MISSING_BACK: 'document_unreadable',
  // Document validity.
  DOCUMENT_EXPIRED: 'document_expired',
  EXPIRED_DOCUMENT: 'document_expired',
  DOCUMENT_NOT_SUPPORTED: 'document_invalid',
  INCORRECT_DOCUMENT_TYPE: 'document_invalid',
  DATA_MISMATCH: 'document_invalid',
  // Authenticity and fraud.
  FRAUD_DETECTED: 'fraud_suspected',
  FRAUD_LIST_MATCH: 'fraud_suspected',
  COUNTERFEIT: 'fraud_suspected',
  TAMPERED: 'fraud_suspected',
  SPECIMEN: 'fraud_suspected',
  // Biometrics.
  FACE_NOT_MATCHING: 'face_mismatch',
  LIVENESS_FAILED: 'liveness_failed',
  SPOOF_DETECTED: 'liveness_failed',
  // Screening and age.
  WATCHLIST_HIT: 'watchlist_hit',
  AGE_VERIFICATION_FAILED: 'age_check_failed',
  UNDER_AGE: 'age_check_failed',
};

/** A check's reason: the normalized code and Yoti's `reason` verbatim; both null when the report gives none. */
export function checkReason(
  recommendation: { value?: unknown; reason?: unknown; recovery_suggestion?: unknown } | undefined,
): {
  reasonCode: ReasonCode | null;
  providerReason: string | null;
} {
  const reason = typeof recommendation?.reason === 'string' ? recommendation.reason : null;
  const recovery =
    typeof recommendation?.recovery_suggestion === 'string' ? recommendation.recovery_suggestion : null;
  if (!reason && !recovery) return { reasonCode: null, providerReason: null };
  return {
    reasonCode: (reason && REASONS[reason.toUpperCase()]) || 'other',
    providerReason: reason ?? recovery,
  };
}
