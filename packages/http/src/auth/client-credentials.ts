import {
  ApiConnectionError,
  AuthenticationError,
  apiErrorFromResponse,
  InvalidResponseError,
} from '../errors.js';
import { redactUrl, requestIdOf } from '../redact.js';
import type { AuthStrategy } from './auth-strategy.js';

/** Options of {@link clientCredentialsAuth}. */
export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Injected fetch for the token request (default globalThis.fetch). */
  fetch?: typeof fetch;
  /**
   * Refresh at most this long before the token expires. Default 60 s. The skew used is the smaller of this and
   * 10% of the token's lifetime, so a short-lived token (`expires_in` of 60 s or less) is still reused.
   */
  refreshSkewMs?: number;
  /** Provider name used in errors. Default 'oauth'. */
  provider?: string;
}

interface CachedToken {
  value: string;
  /** When to fetch a new token: the expiry minus the refresh skew. */
  refreshAt: number;
}

/** Share of a token's lifetime that it may be refreshed early at most. */
const SKEW_SHARE = 0.1;

/**
 * OAuth 2.0 client-credentials auth: the token is fetched lazily on first use, cached until shortly before it
 * expires, shared by concurrent callers (one token request in flight at a time) and dropped after a 401 so the
 * request is retried once with a fresh token.
 * @see https://datatracker.ietf.org/doc/html/rfc6749#section-4.4
 */
export function clientCredentialsAuth(
  opts: ClientCredentialsOptions,
): AuthStrategy & { getToken(): Promise<string>; tokenRequests(): number } {
  const provider = opts.provider ?? 'oauth';
  const maxSkew = opts.refreshSkewMs ?? 60_000;
  const doFetch = opts.fetch ?? globalThis.fetch;
  let cached: CachedToken | undefined;
  let inflight: Promise<CachedToken> | undefined;
  let requests = 0;

  async function requestToken(): Promise<CachedToken> {
    requests += 1;
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (opts.scope) body.set('scope', opts.scope);
    const basic = Buffer.from(
      `${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret)}`,
    ).toString('base64');
    const url = redactUrl(opts.tokenUrl);
    let response: Response;
    try {
      response = await doFetch(opts.tokenUrl, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body,
      });
    } catch (cause) {
      throw new ApiConnectionError({
        provider,
        operation: 'createToken',
        method: 'POST',
        url,
        message: `${provider} createToken: could not reach the token endpoint ${url}`,
        cause,
      });
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const init = {
        provider,
        operation: 'createToken',
        status: response.status,
        method: 'POST',
        url,
        requestId: requestIdOf(response.headers),
        body: json ?? text.slice(0, 200),
      };
      throw response.status === 400 || response.status === 401
        ? new AuthenticationError({
            ...init,
            message: `${provider}: the token endpoint rejected the client credentials (${response.status})`,
          })
        : apiErrorFromResponse(init);
    }
    const token = json as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (!token || typeof token.access_token !== 'string') {
      throw new InvalidResponseError({
        provider,
        operation: 'createToken',
        status: response.status,
        message: `${provider} createToken: expected a JSON body with access_token, received ${text ? 'another shape' : 'an empty body'}`,
      });
    }
    const expiresInMs =
      typeof token.expires_in === 'number' && Number.isFinite(token.expires_in)
        ? Math.max(0, token.expires_in * 1000)
        : 3_600_000;
    // A fixed skew longer than the token's life would make every request fetch a new token.
    const skew = Math.min(maxSkew, expiresInMs * SKEW_SHARE);
    return { value: token.access_token, refreshAt: Date.now() + expiresInMs - skew };
  }

  async function getToken(): Promise<string> {
    if (cached && Date.now() < cached.refreshAt) return cached.value;
    if (!inflight) {
      inflight = requestToken().finally(() => {
        inflight = undefined;
      });
    }
    cached = await inflight;
    return cached.value;
  }

  return {
    getToken,
    tokenRequests: () => requests,
    async authorize(request) {
      request.headers.set('Authorization', `Bearer ${await getToken()}`);
    },
    onUnauthorized() {
      cached = undefined;
      return true;
    },
  };
}
