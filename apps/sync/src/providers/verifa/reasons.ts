import type { ReasonCode } from '../../engine/types.js';
import type { VerifaResult } from './payload.js';

/**
 * Verifa's `rejection_reason_code` (an open enum) onto the normalized vocabulary (docs/schema.md, "Rejection
 * reasons"). The docs show `document_unreadable`; the others are the spec's examples and the policies' failure
 * codes; a code spelled as one of ours maps to itself. Any other code is `other` (the provider's words are kept
 * in `provider_reason`): Verifa adds codes without notice, and a new code must not fail a sync.
 */
export const VERIFA_REASON_CODES: Readonly<Record<string, ReasonCode>> = {
  document_unreadable: 'document_unreadable',
  document_expired: 'document_expired',
  document_not_accepted: 'document_invalid',
  face_match_failed: 'face_mismatch',
  liveness_failed: 'liveness_failed',
  watchlist_match: 'watchlist_hit',
  underage: 'age_check_failed',
  database_mismatch: 'other',
  document_invalid: 'document_invalid',
  face_mismatch: 'face_mismatch',
  watchlist_hit: 'watchlist_hit',
  fraud_suspected: 'fraud_suspected',
  age_check_failed: 'age_check_failed',
};

/** Why a result rejected (or held for review) a session; both null when it gives no reason or approved. */
export function verifaReason(result: VerifaResult | null): {
  reasonCode: ReasonCode | null;
  providerReason: string | null;
} {
  const status = String(result?.status ?? '').toLowerCase();
  const code = nonEmpty(result?.rejection_reason_code)?.toLowerCase() ?? null;
  const text = nonEmpty(result?.rejection_reason);
  if (status === 'approved' || (code === null && text === null)) {
    return { reasonCode: null, providerReason: null };
  }
  const reasonCode =
    code !== null && Object.hasOwn(VERIFA_REASON_CODES, code)
      ? (VERIFA_REASON_CODES[code] ?? 'other')
      : 'other';
  return { reasonCode, providerReason: text ?? code };
}

function nonEmpty(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}
