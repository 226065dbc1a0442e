import { redactUrl } from '@idvkit/http';

/** One response `idvkit check` saw: what it may show (no query, no body, no credentials). */
export interface ObservedResponse {
  method: string;
  /** Origin and path, without credentials or query. */
  url: string;
  status: number;
  /** Rate-limit headers as sent: `ratelimit-*`, `x-ratelimit-*`, `x-rate-limit-*`, `retry-after`. */
  rateLimit: Record<string, string>;
  /**
   * The server's clock minus ours (the midpoint of the request), in seconds, from its `Date` header (whole seconds,
   * truncated: the middle of that second is taken).
   */
  clockSkewSeconds?: number;
  /** For an OAuth token response: the lifetime it granted (the token itself is never kept). */
  tokenExpiresInSeconds?: number;
}

const RATE_LIMIT_HEADER = /^(x-)?rate-?limit|^retry-after$/i;

/**
 * A fetch that records each response it passes through, for `idvkit check` to report what it saw. `tokenUrls`
 * are the OAuth token endpoints: their JSON body is read (from a clone) for `expires_in` only.
 */
export function observedFetch(inner: typeof fetch, tokenUrls: readonly string[]) {
  const seen: ObservedResponse[] = [];
  const observed: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const sent = Date.now();
    const res = await inner(input, init);
    const received = Date.now();
    const rateLimit: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (RATE_LIMIT_HEADER.test(name)) rateLimit[name] = value;
    });
    const date = Date.parse(res.headers.get('date') ?? '');
    const url = redactUrl(request.url);
    const entry: ObservedResponse = {
      method: request.method,
      url,
      status: res.status,
      rateLimit,
      ...(Number.isNaN(date) ? {} : { clockSkewSeconds: (date + 500 - (sent + received) / 2) / 1000 }),
    };
    if (res.ok && tokenUrls.includes(url)) {
      const body = (await res
        .clone()
        .json()
        .catch(() => undefined)) as { expires_in?: unknown } | undefined;
      if (typeof body?.expires_in === 'number') entry.tokenExpiresInSeconds = body.expires_in;
    }
    seen.push(entry);
    return res;
  };
  return { fetch: observed, seen };
}
