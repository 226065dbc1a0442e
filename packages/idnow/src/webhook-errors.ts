import { redactUrl, type WebhookFailureReason, WebhookVerificationError } from '@idvkit/http';
import { errors } from 'jose';
import { JwksUnavailable } from './webhook-jwks.js';

const PROVIDER = 'idnow';

/**
 * Maps what jose (or the key set) threw while verifying a webhook JWT to a {@link WebhookVerificationError}.
 * Anything that is not a jose error is a bug, and is rethrown as is.
 */
export const toVerificationError = (err: unknown, jwksUrl: string): WebhookVerificationError => {
  const fail = (reason: WebhookFailureReason, detail: string) =>
    new WebhookVerificationError(PROVIDER, reason, detail, { cause: err });
  const where = redactUrl(jwksUrl);
  if (err instanceof JwksUnavailable) {
    return fail('jwks_unavailable', `expected the key set at ${where}, but ${err.message}`);
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return fail(
      'unknown_key',
      `expected the token's kid to name one RS256 key of ${where}, received one it does not hold`,
    );
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return fail(
      'bad_signature',
      "expected a signature by the token's key, received one that does not verify",
    );
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return fail('bad_signature', 'expected an RS256 token, received another alg');
  }
  if (err instanceof errors.JWTExpired) {
    return fail('stale_timestamp', 'expected an unexpired token, received one past its exp');
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf' || err.claim === 'iat') {
      return fail(
        'stale_timestamp',
        `expected a token valid now, received one whose ${err.claim} is in the future`,
      );
    }
    return err.reason === 'missing'
      ? fail('claim_mismatch', `expected a "${err.claim}" claim, received none`)
      : fail('claim_mismatch', `expected the configured "${err.claim}", received another value`);
  }
  if (err instanceof errors.JOSEError) {
    return fail('malformed', `expected a well-formed JWS/JWT, received one jose rejects (${err.code})`);
  }
  throw err;
};
