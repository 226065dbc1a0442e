import createClient, { type Client } from 'openapi-fetch';
import {
  ApiAbortError,
  ApiConnectionError,
  ApiTimeoutError,
  apiErrorFromResponse,
  IdvkitError,
  InvalidResponseError,
  ResponseTooLargeError,
} from './errors.js';
import { LightRequest } from './fetch/light-request.js';
import { requestOf } from './fetch/request-info.js';
import { isOwnFetch, type RequestOptions } from './fetch/request-options.js';
import { serverRequestedDelayMs } from './fetch/retry-policy.js';
import { safePathSerializer } from './path-parameter.js';
import { redactHeaders, redactUrl, requestIdOf } from './redact.js';
import { recordResponse } from './with-response.js';

/**
 * Validates a base URL and removes trailing slashes, so `https://x/v1/` and `https://x/v1` behave the same.
 * @throws TypeError saying what was expected and what was received.
 */
export function normalizeBaseUrl(url: string, name = 'baseUrl'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(
      `${name}: expected an absolute http(s) URL such as https://api.example.com, received "${String(url).slice(0, 80)}"`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`${name}: expected an http(s) URL, received the scheme "${parsed.protocol}"`);
  }
  if (parsed.search || parsed.hash) {
    throw new TypeError(
      `${name}: expected a URL without query string or fragment, received "${redactUrl(url)}?…"`,
    );
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * An openapi-fetch client on a normalized base URL with the given transport. Every path parameter must be a
 * safe id (`isSafeId`): otherwise the call throws a `PathParameterError` before any request is made, so an id
 * such as `..` or `""` can never turn `/sessions/{id}` into another endpoint. Requests are
 * {@link LightRequest}s while only idvkit's fetch sees them; a call that a middleware (`use`, or `middleware` in
 * its options) or a fetch of the caller's own would see gets a real `Request`.
 */
export function createOpenApiClient<Paths extends {}>(opts: {
  provider: string;
  baseUrl: string;
  fetch: (input: Request) => Promise<Response>;
  headers?: Record<string, string>;
}): Client<Paths> {
  const baseUrl = normalizeBaseUrl(opts.baseUrl);
  const client = createClient<Paths>({
    baseUrl,
    fetch: opts.fetch,
    Request: LightRequest as unknown as typeof Request,
    pathSerializer: safePathSerializer(opts.provider, baseUrl),
    ...(opts.headers ? { headers: opts.headers } : {}),
  });
  return withRealRequestsWhenSeen(client);
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/** Gives a call a real `Request` when a middleware or a caller's own fetch will see it (they may need all of it). */
function withRealRequestsWhenSeen<Paths extends {}>(client: Client<Paths>): Client<Paths> {
  const middlewares = new Set<unknown>();
  type Init = { middleware?: unknown[]; fetch?: unknown; Request?: unknown } | undefined;
  const real = (init: Init): Init =>
    middlewares.size > 0 || init?.middleware?.length || (init?.fetch && !isOwnFetch(init.fetch))
      ? { ...init, Request: globalThis.Request }
      : init;
  const wrapped: Record<string, unknown> = {
    ...client,
    request: (method: string, url: string, init: Init) =>
      (client.request as (m: string, u: string, i: Init) => unknown)(method, url, real(init)),
    use(...added: unknown[]) {
      for (const m of added) middlewares.add(m);
      (client.use as (...m: unknown[]) => void)(...added);
    },
    eject(...removed: unknown[]) {
      for (const m of removed) middlewares.delete(m);
      (client.eject as (...m: unknown[]) => void)(...removed);
    },
  };
  for (const method of METHODS) {
    const call = client[method] as (url: string, init: Init) => unknown;
    wrapped[method] = (url: string, init: Init) => call(url, real(init));
  }
  return wrapped as unknown as Client<Paths>;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Turns openapi-fetch's `{ data, error, response }` into `data`, or throws the typed error for the status.
 * Connection, timeout, abort and too-large errors from the transport are re-thrown with the operation's name.
 * Give the call's {@link RequestOptions} as `options` so `withResponse` can find the response.
 */
export async function unwrap<T>(
  provider: string,
  operation: string,
  call: () => Promise<FetchResult<T>>,
  options?: RequestOptions,
): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call();
  } catch (err) {
    throw withOperation(err, provider, operation);
  }
  const { data, error, response } = result;
  if (response.ok) {
    recordResponse(options, response);
    return data as T;
  }
  const request = requestOf(response);
  throw apiErrorFromResponse({
    provider,
    operation,
    status: response.status,
    method: request?.method ?? (result as { request?: Request }).request?.method ?? 'GET',
    url: request?.url ?? redactUrl(response.url),
    requestId: requestIdOf(response.headers),
    body: error,
    headers: redactHeaders(response.headers),
    retryAfterMs: serverRequestedDelayMs(response.headers),
  });
}

function withOperation(err: unknown, provider: string, operation: string): unknown {
  if (err instanceof ApiConnectionError) {
    const Err = err instanceof ApiTimeoutError ? ApiTimeoutError : ApiConnectionError;
    return new Err({
      provider: err.provider,
      operation,
      method: err.method,
      url: err.url,
      message: `${provider} ${operation}: ${err.message}`,
      cause: err.cause,
    });
  }
  if (err instanceof ApiAbortError) {
    return new ApiAbortError({
      provider: err.provider,
      operation,
      method: err.method,
      url: err.url,
      cause: err.cause,
      message: `${provider} ${operation}: ${err.message}`,
    });
  }
  if (err instanceof ResponseTooLargeError) {
    return new ResponseTooLargeError({
      provider: err.provider,
      operation,
      method: err.method,
      url: err.url,
      status: err.status,
      limitBytes: err.limitBytes,
      contentLength: err.contentLength,
      message: `${provider} ${operation}: ${err.message}`,
    });
  }
  if (err instanceof SyntaxError) {
    return new InvalidResponseError({
      provider,
      operation,
      status: 200,
      message: `${provider} ${operation}: expected a JSON body, received something that does not parse (${err.message})`,
      cause: err,
    });
  }
  if (err instanceof IdvkitError) return err;
  return err;
}
