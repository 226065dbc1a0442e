import {
  hexDigestEquals,
  hmacSha256,
  isHexSha256,
  parseJsonObject,
  rawBodyBytes,
  singleHeader,
  type WebhookRequest,
  WebhookVerificationError,
} from '@idvkit/http';
import type { components } from './generated/schema.js';

const PROVIDER = 'complycube';
/** The header ComplyCube signs deliveries with (looked up case-insensitively). */
export const COMPLYCUBE_SIGNATURE_HEADER = 'Complycube-Signature';

/** A webhook event (`webhooks.event` in specs/complycube.yaml). */
export type ComplyCubeWebhookEvent = components['schemas']['WebhookEvent'];

/** Options of {@link verifyWebhook}. */
export interface ComplyCubeWebhookOptions {
  /** The webhook's signing secret (returned once, when the webhook is created). Never logged. */
  secret: string;
}

/**
 * Verifies a ComplyCube webhook delivery and resolves to its event. `Complycube-Signature` must be the hex
 * HMAC-SHA256 of the raw body keyed with the webhook secret; it is compared in constant time. ComplyCube signs
 * no timestamp, so a captured delivery can be replayed: dedupe on `event.id`.
 * @throws (rejects with) WebhookVerificationError with `reason` `missing_signature`, `malformed` or `bad_signature`.
 * @see https://docs.complycube.com/documentation/guides/webhooks
 */
export const verifyWebhook = async (
  request: WebhookRequest,
  options: ComplyCubeWebhookOptions,
): Promise<ComplyCubeWebhookEvent> => {
  if (!options?.secret) throw new TypeError('complycube verifyWebhook: expected a non-empty `secret`');
  const signature = singleHeader(request.headers, COMPLYCUBE_SIGNATURE_HEADER, PROVIDER);
  if (signature === undefined) {
    throw new WebhookVerificationError(
      PROVIDER,
      'missing_signature',
      `expected a ${COMPLYCUBE_SIGNATURE_HEADER} header, received none`,
    );
  }
  if (!isHexSha256(signature)) {
    throw new WebhookVerificationError(
      PROVIDER,
      'malformed',
      `expected ${COMPLYCUBE_SIGNATURE_HEADER} to be 64 hex digits, received ${signature.length} characters`,
    );
  }
  const body = rawBodyBytes(request.body, PROVIDER);
  if (!hexDigestEquals(hmacSha256(options.secret, body), signature)) {
    throw new WebhookVerificationError(
      PROVIDER,
      'bad_signature',
      `expected ${COMPLYCUBE_SIGNATURE_HEADER} to be the HMAC-SHA256 of the raw body with the webhook secret, received one that does not match`,
    );
  }
  const event = parseJsonObject(body, PROVIDER);
  if (typeof event.id !== 'string' || typeof event.type !== 'string') {
    throw new WebhookVerificationError(
      PROVIDER,
      'malformed',
      'expected an event with string `id` and `type`, received an object without them',
    );
  }
  return event as ComplyCubeWebhookEvent;
};
