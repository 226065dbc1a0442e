import { createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey } from 'jose';

/** IDnow's published webhook signing keys. Configure the one of your environment; never one named in a token. */
export const IDNOW_JWKS_URLS = {
  production: 'https://auth.eu.platform.idnow.io/oidc/.well-known/jwks.json',
  sandbox: 'https://auth.eu.platform.idnow.sx/oidc/.well-known/jwks.json',
} as const;

/** An unknown `kid` refetches the key set at most this often (after the last successful fetch). */
export const JWKS_COOLDOWN_MS = 60_000;
/** Keys are refetched at the next verification once they are this old. */
export const JWKS_MAX_AGE_MS = 10 * 60_000;
/** Default limit on one key-set request, well inside IDnow's 10 s acknowledgement window. */
export const JWKS_DEFAULT_TIMEOUT_MS = 3_000;

/** The key set could not be fetched or used: raised by {@link idnowKeySet}'s resolver, mapped to `jwks_unavailable`. */
export class JwksUnavailable extends Error {
  override name = 'JwksUnavailable';
}

export type FetchLike = typeof globalThis.fetch;

const byFetch = new WeakMap<FetchLike, Map<string, JWTVerifyGetKey>>();
const withGlobalFetch = new Map<string, JWTVerifyGetKey>();

/**
 * The remote key set for `jwksUrl`, created once per (URL, timeout, fetch) and then shared, so keys are fetched
 * once and not per delivery. jose caches the keys, refetches when a token names an unknown `kid` (at most once
 * per {@link JWKS_COOLDOWN_MS}) or when they are older than {@link JWKS_MAX_AGE_MS}, and shares one in-flight
 * request between concurrent verifications. A failed fetch is not cached: the next delivery tries again.
 * jose never follows a `jku`/`x5u` named in a token, and is given `redirect: 'manual'`.
 */
export const idnowKeySet = (
  jwksUrl: string,
  opts: { fetch?: FetchLike; timeoutMs: number },
): JWTVerifyGetKey => {
  let sets = withGlobalFetch;
  if (opts.fetch) {
    sets = byFetch.get(opts.fetch) ?? new Map();
    byFetch.set(opts.fetch, sets);
  }
  const key = `${opts.timeoutMs} ${jwksUrl}`;
  const cached = sets.get(key);
  if (cached) return cached;
  const remote = createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: JWKS_COOLDOWN_MS,
    cacheMaxAge: JWKS_MAX_AGE_MS,
    timeoutDuration: opts.timeoutMs,
    ...(opts.fetch ? { [customFetch]: opts.fetch } : {}),
  });
  const resolve: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (err) {
      // A key-selection miss is the token's fault; anything else means the set could not be fetched or read
      // (connection refused, timeout, non-200, not JSON, not a JWKS).
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys)
        throw err;
      throw new JwksUnavailable(describe(err), { cause: err });
    }
  };
  sets.set(key, resolve);
  return resolve;
};

const describe = (err: unknown): string => {
  if (err instanceof errors.JWKSTimeout) return 'the request timed out';
  if (err instanceof errors.JWKSInvalid) return 'the response is not a JSON Web Key Set';
  if (err instanceof errors.JOSEError) return err.message;
  const cause = (err as { cause?: { code?: unknown } })?.cause?.code;
  return `the request failed${typeof cause === 'string' ? ` (${cause})` : ''}`;
};
