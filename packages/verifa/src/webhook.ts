import {
  hexDigestEquals,
  hmacSha256,
  parseJsonObject,
  rawBodyBytes,
  type WebhookRequest,
  WebhookVerificationError,
} from '@idvkit/http';
import type { components } from './generated/schema.js';
import { parseSignatureHeader, VERIFA_SIGNATURE_HEADER } from './webhook-signature-header.js';

const PROVIDER = 'verifa';

/** A webhook event (`webhooks.event` in specs/verifa.yaml): nested (`data`) or flat, as Verifa documents both. */
export type VerifaWebhookEvent = components['schemas']['WebhookEvent'];

/** Options of {@link verifyWebhook}. */
export interface VerifaWebhookOptions {
  /** The endpoint's signing secret (`whsec_…`), used as-is as the HMAC key. Never logged. */
  secret: string;
  /** Largest accepted distance between the signed `t` and now, either way. Default 300 (Verifa's 5 minutes). */
  toleranceSeconds?: number;
  /**
   * Also accept the legacy signature (a bare hex HMAC-SHA256 of the body, no timestamp) that Verifa still sends
   * during its deprecation window. It has no replay protection. Default false.
   */
  allowLegacy?: boolean;
  /** The current time (for tests). Default `new Date()`. */
  now?: Date;
}

/**
 * Verifies a Verifa webhook delivery and resolves to its event. `X-Verifa-Signature: t=…,v1=…` must hold a `v1`
 * equal to hex HMAC-SHA256(secret, `"{t}.{raw body}"`) (any of several `v1`, as during a secret rotation),
 * compared in constant time; then `t` must be within `toleranceSeconds` of now.
 *
 * The docs contradict themselves on the scheme: the webhooks guide and tutorial sign `"{t}.{body}"` with `t=`,
 * the older api-details text signs the bare body. Both are understood; the bare-body form only with
 * `allowLegacy: true`.
 * @throws (rejects with) WebhookVerificationError: `missing_signature`, `malformed`, `bad_signature` or
 * `stale_timestamp` (authentic but signed too long ago, or too far in the future).
 * @see https://docs.withverifa.com/tutorials/receiving-webhooks-validating-signatures
 */
export const verifyWebhook = async (
  request: WebhookRequest,
  options: VerifaWebhookOptions,
): Promise<VerifaWebhookEvent> => {
  if (!options?.secret) throw new TypeError('verifa verifyWebhook: expected a non-empty `secret`');
  const tolerance = options.toleranceSeconds ?? 300;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new TypeError(`verifa verifyWebhook: expected toleranceSeconds >= 0, received ${tolerance}`);
  }
  const header = parseSignatureHeader(request.headers);
  const body = rawBodyBytes(request.body, PROVIDER);

  if (header.timestamp === undefined) {
    if (!options.allowLegacy) {
      throw new WebhookVerificationError(
        PROVIDER,
        'malformed',
        `expected ${VERIFA_SIGNATURE_HEADER} as t=<unix seconds>,v1=<hex>, received a legacy signature without t= (pass allowLegacy: true to accept it)`,
      );
    }
    const expected = hmacSha256(options.secret, body);
    if (!header.signatures.some((s) => hexDigestEquals(expected, s))) throw badSignature('the raw body');
    return parseEvent(body);
  }

  const expected = hmacSha256(options.secret, `${header.timestamp}.`, body);
  if (!header.signatures.some((s) => hexDigestEquals(expected, s))) throw badSignature('"{t}.{raw body}"');
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const age = nowSeconds - header.timestamp;
  if (Math.abs(age) > tolerance) {
    throw new WebhookVerificationError(
      PROVIDER,
      'stale_timestamp',
      `expected t within ${tolerance} s of now, received one ${Math.abs(age)} s ${age > 0 ? 'in the past' : 'in the future'}`,
    );
  }
  return parseEvent(body);
};

const badSignature = (what: string) =>
  new WebhookVerificationError(
    PROVIDER,
    'bad_signature',
    `expected a v1 equal to the HMAC-SHA256 of ${what} with the endpoint secret, received none that matches`,
  );

const parseEvent = (body: Uint8Array): VerifaWebhookEvent => {
  const event = parseJsonObject(body, PROVIDER);
  if (typeof event.event !== 'string') {
    throw new WebhookVerificationError(
      PROVIDER,
      'malformed',
      'expected an event with a string `event`, received none',
    );
  }
  return event as VerifaWebhookEvent;
};
