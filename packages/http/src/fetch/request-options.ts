/**
 * Per-call options accepted as the last argument of every client operation. They override the client's
 * `HttpOptions` for that one call (and, for a paginator, for each of its pages).
 */
export interface RequestOptions {
  /** Per-attempt timeout for this call, in ms (positive integer). Default: the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Retries after the first attempt for this call (0 = a single attempt). Default: the client's `maxRetries`. */
  maxRetries?: number;
  /** Extra request headers for this call. Authentication headers set by the client always win. */
  headers?: Record<string, string>;
  /** Aborts the call, including its retries and backoff waits: it then rejects with `ApiAbortError`. */
  signal?: AbortSignal;
  /**
   * Sent as `Idempotency-Key`. A request that carries one is retried like a GET whatever its method (every
   * attempt carries the same key); a POST without one is never retried unless `retryMethods` says so.
   */
  idempotencyKey?: string;
}

/** The transport overrides of one request, read by `createHttpFetch`. */
export interface TransportOverrides {
  timeoutMs?: number;
  maxRetries?: number;
}

const overrides = new WeakMap<Request, TransportOverrides>();
/** The per-call fetches {@link requestInit} made: they hand the Request to the client's transport only. */
const ownFetches = new WeakSet<object>();

/** True for a per-call fetch made by {@link requestInit}. */
export function isOwnFetch(fetch: unknown): boolean {
  return typeof fetch === 'function' && ownFetches.has(fetch);
}

/** The overrides a call attached to its Request, if any (a header-free side channel). */
export function overridesOf(request: Request): TransportOverrides | undefined {
  return overrides.get(request);
}

/** What to spread into an openapi-fetch call (`raw.GET(path, { params, ...requestInit(transport, options) })`). */
export interface OpenApiRequestInit {
  fetch?: (input: Request) => Promise<Response>;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/**
 * Turns per-call {@link RequestOptions} into openapi-fetch per-request options: `signal`, `headers` (with
 * `Idempotency-Key`) and, when `timeoutMs` or `maxRetries` is given, a per-request `fetch` that hands them to the
 * client's transport through a WeakMap keyed by the Request.
 * @throws TypeError when `timeoutMs`, `maxRetries` or `idempotencyKey` is not valid.
 */
export function requestInit(
  transport: (input: Request) => Promise<Response>,
  options: RequestOptions | undefined,
): OpenApiRequestInit {
  if (!options) return {};
  const { timeoutMs, maxRetries, signal, idempotencyKey } = options;
  if (timeoutMs !== undefined && !(Number.isSafeInteger(timeoutMs) && timeoutMs > 0)) {
    throw new TypeError(`timeoutMs: expected a positive integer number of ms, received ${String(timeoutMs)}`);
  }
  if (maxRetries !== undefined && !(Number.isSafeInteger(maxRetries) && maxRetries >= 0)) {
    throw new TypeError(`maxRetries: expected an integer >= 0, received ${String(maxRetries)}`);
  }
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || idempotencyKey.trim() === '')) {
    throw new TypeError('idempotencyKey: expected a non-empty string, received an empty value');
  }
  const init: OpenApiRequestInit = {};
  if (signal) init.signal = signal;
  if (options.headers || idempotencyKey !== undefined) {
    init.headers = {
      ...options.headers,
      ...(idempotencyKey !== undefined ? { 'Idempotency-Key': idempotencyKey } : {}),
    };
  }
  if (timeoutMs !== undefined || maxRetries !== undefined) {
    const o: TransportOverrides = {
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(maxRetries !== undefined ? { maxRetries } : {}),
    };
    init.fetch = (input) => {
      overrides.set(input, o);
      return transport(input);
    };
    ownFetches.add(init.fetch);
  }
  return init;
}
