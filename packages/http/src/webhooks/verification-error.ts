import { IdvkitError } from '../errors.js';

/**
 * Why a webhook was rejected, for code that branches on it (e.g. 503 so the provider retries on
 * `jwks_unavailable`, 400 on `malformed`, 401 on the rest):
 * - `missing_signature`: no signature (or token / `Authorization`) header, or an empty one;
 * - `malformed`: the header, token or body is not in the documented shape (or the body was not passed raw);
 * - `bad_signature`: the signature (for Yoti: the shared auth token) does not match;
 * - `stale_timestamp`: authentic, but signed outside the accepted time window (replay), or a JWT outside
 *   `nbf`/`exp`;
 * - `unknown_key`: the JWT names a key id the provider's key set does not hold (even after a refresh);
 * - `claim_mismatch`: the JWT's `iss`/`aud` differ from the configured ones, or a required claim is missing;
 * - `jwks_unavailable`: the key set could not be fetched (connection refused, timeout, non-200, not a JWKS).
 */
export type WebhookFailureReason =
  | 'missing_signature'
  | 'malformed'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'unknown_key'
  | 'claim_mismatch'
  | 'jwks_unavailable';

/** Every {@link WebhookFailureReason}, e.g. to label metrics. */
export const WEBHOOK_FAILURE_REASONS: readonly WebhookFailureReason[] = [
  'missing_signature',
  'malformed',
  'bad_signature',
  'stale_timestamp',
  'unknown_key',
  'claim_mismatch',
  'jwks_unavailable',
];

/**
 * A webhook delivery failed verification. `reason` is machine-readable; the message says what was expected and
 * what was received, and never contains the secret, the token or the signature.
 */
export class WebhookVerificationError extends IdvkitError {
  override name = 'WebhookVerificationError';
  readonly provider: string;
  readonly reason: WebhookFailureReason;

  constructor(provider: string, reason: WebhookFailureReason, detail: string, options?: { cause?: unknown }) {
    super(`${provider} webhook rejected (${reason}): ${detail}`, options);
    this.provider = provider;
    this.reason = reason;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, provider: this.provider, reason: this.reason };
  }
}
