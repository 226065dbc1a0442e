import type { Reply } from '../http/reply.js';
import type { RequestContext, Route } from '../http/router.js';
import type { Provider } from '../types.js';

/** Extra facts an error reply may carry. */
export interface ErrorDetails {
  /** Provider-specific error code overriding the status default. */
  code?: string;
  /** Offending parameter (ComplyCube `param`, Yoti `errors[].property`). */
  param?: string;
  /** Adds `Retry-After` (429). */
  retryAfterSeconds?: number | null;
  headers?: Record<string, string>;
}

/** One emulated provider API: its routes, authentication and error body. */
export interface ProviderApi {
  provider: Provider;
  /** First path segments this API owns (unknown paths under them are this provider's 404s). */
  roots: string[];
  routes: Route[];
  /** The provider's own error reply for `status`. */
  error(status: number, message?: string, details?: ErrorDetails): Reply;
  /** Null when the request is authenticated, else the refusal. */
  authenticate(ctx: RequestContext): Reply | null;
  /**
   * The rate-limit bucket a request is charged to when the provider's limit depends on the credential
   * (ComplyCube: `test` or `live` key); undefined = the provider's single bucket.
   */
  rateLimitPartition?(ctx: RequestContext): string | undefined;
  /** Header validation that runs after authentication (null = fine). */
  preflight?(ctx: RequestContext): Reply | null;
  /** Last touches applied to every reply of this provider (e.g. key inflection). */
  finish?(ctx: RequestContext, reply: Reply): Reply;
}

/** Adds `Retry-After` and extra headers to an error reply's headers. */
export function errorHeaders(details?: ErrorDetails): Record<string, string> | undefined {
  const headers: Record<string, string> = { ...details?.headers };
  if (details?.retryAfterSeconds !== undefined && details.retryAfterSeconds !== null) {
    headers['Retry-After'] = String(details.retryAfterSeconds);
  }
  return Object.keys(headers).length > 0 ? headers : undefined;
}

/** Parses an optional integer query parameter; `undefined` when absent, `null` when malformed. */
export function intParam(query: URLSearchParams, name: string): number | undefined | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) return null;
  return Number(raw);
}

/** Paginates a slice safely. */
export function slicePage<T>(items: readonly T[], start: number, count: number): T[] {
  return items.slice(start, start + count);
}

/** A record found by id, or the provider's reply explaining why not. */
export type Lookup<R> = { record: R; reply?: undefined } | { record?: undefined; reply: Reply };
