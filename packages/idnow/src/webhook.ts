import { type WebhookRequest, WebhookVerificationError } from '@idvkit/http';
import { jwtVerify } from 'jose';
import type { components } from './generated/schema.js';
import { toVerificationError } from './webhook-errors.js';
import { type FetchLike, idnowKeySet, JWKS_DEFAULT_TIMEOUT_MS } from './webhook-jwks.js';
import { webhookTokenOf } from './webhook-token.js';

const PROVIDER = 'idnow';

/** A webhook event: the `data` claim of the verified JWT. */
export type IdnowWebhookEvent = components['schemas']['WebhookEvent'];
/** All claims of a verified webhook JWT. */
export type IdnowWebhookClaims = components['schemas']['WebhookClaims'];

/** Options of {@link verifyWebhook}. */
export interface IdnowWebhookOptions {
  /** IDnow's JWKS URL for your environment, e.g. `IDNOW_JWKS_URLS.production`. */
  jwksUrl: string;
  /** Expected `iss` (checked when given). */
  issuer?: string | string[];
  /** Expected `aud` (checked when given). */
  audience?: string | string[];
  /** Fetch used for the key set (default: the global fetch). */
  fetch?: FetchLike;
  /** Limit on one key-set request, in ms. Default 3000. */
  jwksTimeoutMs?: number;
  /** Clock skew accepted on `exp`/`nbf`, in seconds. Default 0. */
  clockToleranceSeconds?: number;
  /** The current time (for tests). Default `new Date()`. */
  now?: Date;
}

/**
 * Verifies an IDnow webhook delivery and resolves to its event (the JWT's `data` claim). The delivery is an RS256
 * JWT, checked with jose against the key named by its `kid` in the JWKS at `jwksUrl` (cached per URL; an unknown
 * `kid` refetches at most once a minute), then its `exp` (required) and `nbf`, and `iss`/`aud` when configured.
 *
 * The docs disagree on where the JWT travels: the integration pages send it as the body
 * (`application/jwt`), the `.sx` secure-webhooks page in an `X-Idnow-Signature` header. Both are accepted: the
 * header when present, else the body. With the header form the event is taken from the verified token only;
 * the (unsigned) body is ignored.
 * @throws (rejects with) WebhookVerificationError: `missing_signature`, `malformed`, `bad_signature`,
 * `unknown_key`, `stale_timestamp` (expired or not yet valid), `claim_mismatch` (`iss`/`aud`, or no `exp`) or
 * `jwks_unavailable` (the key set could not be fetched in time: answer 5xx so IDnow retries).
 * @see https://docs.eu.platform.idnow.sx/docs/integration/secure-webhooks
 */
export const verifyWebhook = async (
  request: WebhookRequest,
  options: IdnowWebhookOptions,
): Promise<IdnowWebhookEvent> => {
  const keys = idnowKeySet(checkJwksUrl(options?.jwksUrl), {
    timeoutMs: options.jwksTimeoutMs ?? JWKS_DEFAULT_TIMEOUT_MS,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const token = webhookTokenOf(request);
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(token, keys, {
      algorithms: ['RS256'],
      requiredClaims: ['exp'],
      ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
      ...(options.audience !== undefined ? { audience: options.audience } : {}),
      ...(options.clockToleranceSeconds !== undefined
        ? { clockTolerance: options.clockToleranceSeconds }
        : {}),
      ...(options.now ? { currentDate: options.now } : {}),
    }));
  } catch (err) {
    throw toVerificationError(err, options.jwksUrl);
  }
  const data = claims.data as Record<string, unknown> | undefined;
  if (
    typeof data !== 'object' ||
    data === null ||
    typeof data.eventId !== 'string' ||
    typeof data.eventName !== 'string'
  ) {
    throw new WebhookVerificationError(
      PROVIDER,
      'malformed',
      'expected a `data` claim holding an event with string `eventId` and `eventName`, received none',
    );
  }
  return data as IdnowWebhookEvent;
};

const checkJwksUrl = (jwksUrl: unknown): string => {
  if (typeof jwksUrl === 'string' && URL.canParse(jwksUrl)) return jwksUrl;
  throw new TypeError(
    `idnow verifyWebhook: expected \`jwksUrl\` to be an absolute URL, received ${typeof jwksUrl === 'string' ? JSON.stringify(jwksUrl) : typeof jwksUrl}`,
  );
};
