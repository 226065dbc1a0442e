/** Statuses worth retrying: timeouts, conflicts of the moment, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/**
 * How long the server asked us to wait, from `retry-after-ms`, `Retry-After` (seconds or an HTTP date) or,
 * when the quota is exhausted, `X-RateLimit-Reset` (unix seconds). Undefined when the server said nothing.
 */
export function serverRequestedDelayMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return rateLimitResetDelayMs(headers, now);
}

/** Delay until `X-RateLimit-Reset` when `X-RateLimit-Remaining` says the window is used up. */
export function rateLimitResetDelayMs(headers: Headers, now = Date.now()): number | undefined {
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = headers.get('x-ratelimit-reset');
  if (remaining === null || reset === null || Number(remaining) > 0) return undefined;
  const resetNum = Number(reset);
  if (!Number.isFinite(resetNum)) return undefined;
  // Unix seconds (the documented form); small numbers are "seconds from now" as some servers send.
  const delay = resetNum > 1e9 ? resetNum * 1000 - now : resetNum * 1000;
  return Math.max(0, delay);
}

/** Exponential backoff with jitter: between half and all of `initial * 2^retry`, capped. */
export function backoffDelayMs(
  retry: number,
  initialMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** retry);
  return ceiling / 2 + random() * (ceiling / 2);
}
