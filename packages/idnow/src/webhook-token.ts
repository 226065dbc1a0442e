import { rawBodyBytes, singleHeader, type WebhookRequest, WebhookVerificationError } from '@idvkit/http';

const PROVIDER = 'idnow';
/** The header one page of IDnow's docs puts the JWT in (looked up case-insensitively). */
export const IDNOW_SIGNATURE_HEADER = 'X-Idnow-Signature';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The webhook JWT. The docs contradict each other on where it travels: the integration pages send it as the
 * body (`application/jwt`), the `.sx` secure-webhooks page in `X-Idnow-Signature`. Both are accepted: the
 * header when present, else the body.
 */
export const webhookTokenOf = (request: WebhookRequest): string => {
  const header = singleHeader(request.headers, IDNOW_SIGNATURE_HEADER, PROVIDER);
  const where = header !== undefined ? `the ${IDNOW_SIGNATURE_HEADER} header` : 'the body';
  const token = (header ?? new TextDecoder().decode(rawBodyBytes(request.body, PROVIDER))).trim();
  if (token === '') {
    throw new WebhookVerificationError(
      PROVIDER,
      'missing_signature',
      `expected a JWT as the body (application/jwt) or in ${IDNOW_SIGNATURE_HEADER}, received neither`,
    );
  }
  if (!COMPACT_JWS.test(token)) {
    throw new WebhookVerificationError(
      PROVIDER,
      'malformed',
      `expected a compact JWT in ${where}, received something else`,
    );
  }
  return token;
};
