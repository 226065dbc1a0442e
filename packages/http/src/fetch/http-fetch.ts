import type { AuthStrategy, OutgoingRequest } from '../auth/auth-strategy.js';
import {
  ApiAbortError,
  ApiConnectionError,
  ApiTimeoutError,
  IdvkitError,
  ResponseTooLargeError,
} from '../errors.js';
import { type RateLimiter, sleep } from '../rate-limiter.js';
import { redactUrl } from '../redact.js';
import { AttemptAbort } from './attempt-abort.js';
import { bufferedResponse } from './buffered-response.js';
import { neverAborts, parsedUrlOf } from './light-request.js';
import { BodyLimitExceeded, DEFAULT_MAX_RESPONSE_BYTES } from './read-body.js';
import { rememberRequest } from './request-info.js';
import { overridesOf } from './request-options.js';
import {
  backoffDelayMs,
  isRetryableStatus,
  rateLimitResetDelayMs,
  serverRequestedDelayMs,
} from './retry-policy.js';
import { dispatcherTransport, fetchTransport, type Transport } from './transport.js';

/** The runtime's own fetch, as it was when this module loaded: replaced later (a test double) → use the new one. */
const nativeFetch = globalThis.fetch;

/** One attempt, as the request logger hook sees it. Never carries headers, query strings or bodies. */
export interface RequestEvent {
  provider: string;
  method: string;
  url: string;
  attempt: number;
  status?: number;
  durationMs: number;
  error?: string;
  retryInMs?: number;
}

/** Transport options shared by every idvkit client. */
export interface HttpOptions {
  /**
   * Injected fetch. Without one, requests go through undici's dispatcher directly (same requests, signals,
   * redirects and body cap as `fetch`, less work per call), unless `globalThis.fetch` was replaced since idvkit
   * loaded, in which case that function is used.
   */
  fetch?: typeof fetch;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Per-attempt timeout, combined with the caller's AbortSignal. Default 60 s. */
  timeoutMs?: number;
  /**
   * Methods that are retried. Default GET and HEAD (the others are not idempotent). A request carrying an
   * `Idempotency-Key` header is retried whatever its method.
   */
  retryMethods?: string[];
  /** First backoff step. Default 500 ms. */
  initialRetryDelayMs?: number;
  /** Largest backoff step. Default 8 s. */
  maxRetryDelayMs?: number;
  /** Cap on what Retry-After / retry-after-ms / X-RateLimit-Reset may ask for. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Client-side limiter acquired before every attempt. */
  rateLimiter?: RateLimiter;
  /** Request logger hook, called after every attempt. */
  onRequest?: (event: RequestEvent) => void;
  /** Overrides the package's User-Agent. */
  userAgent?: string;
  /**
   * Largest response body read, in bytes. A larger body (by `Content-Length`, or as it streams in) fails the
   * request at once with {@link ResponseTooLargeError}, without a retry. Default 32 MiB (33554432).
   */
  maxResponseBytes?: number;
}

/** What {@link createHttpFetch} needs besides the transport options. */
export interface HttpFetchOptions extends HttpOptions {
  provider: string;
  auth?: AuthStrategy;
  userAgent: string;
}

type Outcome = { response: Response } | { error: unknown; timedOut: boolean };

/**
 * The fetch given to openapi-fetch (beneath its middleware): auth on every attempt, retries with backoff for
 * idempotent methods, a per-attempt timeout, an optional client-side rate limiter and a logger hook.
 * Response bodies are read inside the attempt, so a body that hangs or breaks is retried too.
 */
export function createHttpFetch(opts: HttpFetchOptions): (input: Request) => Promise<Response> {
  const given = opts.fetch ?? (globalThis.fetch !== nativeFetch ? globalThis.fetch : undefined);
  const transport: Transport = given ? fetchTransport(given) : dispatcherTransport();
  // redirect: 'error' (a redirect fails the request) is fetch's own behaviour: keep fetch for it.
  const errorOnRedirect = fetchTransport(given ?? globalThis.fetch);
  const defaultMaxRetries = opts.maxRetries ?? 3;
  const defaultTimeoutMs = opts.timeoutMs ?? 60_000;
  const retryMethods = new Set((opts.retryMethods ?? ['GET', 'HEAD']).map((m) => m.toUpperCase()));
  const initialDelay = opts.initialRetryDelayMs ?? 500;
  const maxDelay = opts.maxRetryDelayMs ?? 8_000;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 60_000;
  const maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    throw new TypeError(
      `maxResponseBytes: expected a positive integer number of bytes, received ${String(opts.maxResponseBytes)}`,
    );
  }
  let pausedUntil = 0;

  return async function httpFetch(input: Request): Promise<Response> {
    const method = input.method.toUpperCase();
    const parsed = parsedUrlOf(input);
    // origin + path of the URL already parsed: what redactUrl gives, without parsing it again.
    const url = parsed ? `${parsed.origin}${parsed.pathname}` : redactUrl(input.url);
    try {
      return await send(input, method, url);
    } catch (error) {
      // Whatever was under way (an attempt, a backoff wait, the rate limiter), the caller's abort wins.
      if (input.signal.aborted && !(error instanceof ApiAbortError)) {
        throw new ApiAbortError({ provider: opts.provider, method, url, cause: input.signal.reason });
      }
      throw error;
    }
  };

  async function send(input: Request, method: string, url: string): Promise<Response> {
    const overrides = overridesOf(input);
    const maxRetries = overrides?.maxRetries ?? defaultMaxRetries;
    const timeoutMs = overrides?.timeoutMs ?? defaultTimeoutMs;
    // Retrying is safe for idempotent methods, and for any request the server can deduplicate by its key.
    const canRetry = retryMethods.has(method) || input.headers.has('idempotency-key');
    const body = method === 'GET' || method === 'HEAD' ? undefined : await input.arrayBuffer();
    let retries = 0;
    let authRefreshed = false;

    for (let attempt = 1; ; attempt++) {
      const wait = pausedUntil - Date.now();
      if (wait > 0) await sleep(wait, input.signal);
      await opts.rateLimiter?.acquire(input.signal);

      const started = performance.now();
      const via = input.redirect === 'error' ? errorOnRedirect : transport;
      const outcome = await attemptOnce(input, body, opts, via, timeoutMs, maxResponseBytes, url);
      const durationMs = Math.round(performance.now() - started);
      const event: RequestEvent = { provider: opts.provider, method, url, attempt, durationMs };

      if ('error' in outcome) {
        if (input.signal.aborted) {
          throw new ApiAbortError({ provider: opts.provider, method, url, cause: input.signal.reason });
        }
        if (outcome.error instanceof ResponseTooLargeError) {
          opts.onRequest?.({ ...event, status: outcome.error.status, error: 'response body too large' });
          throw outcome.error;
        }
        // Errors of our own making (e.g. the token endpoint refused the credentials) are not network failures.
        if (outcome.error instanceof IdvkitError) throw outcome.error;
        const reason = errorReason(outcome.error, outcome.timedOut, timeoutMs);
        const retryable = canRetry && retries < maxRetries;
        const retryInMs = retryable ? backoffDelayMs(retries, initialDelay, maxDelay) : undefined;
        opts.onRequest?.({ ...event, error: reason, ...(retryInMs !== undefined ? { retryInMs } : {}) });
        if (retryInMs === undefined) {
          const Err = outcome.timedOut ? ApiTimeoutError : ApiConnectionError;
          throw new Err({
            provider: opts.provider,
            method,
            url,
            message: `${method} ${url} failed after ${attempt} attempt${attempt > 1 ? 's' : ''}: ${reason}`,
            cause: outcome.error,
          });
        }
        retries++;
        await sleep(retryInMs, input.signal);
        continue;
      }

      const { response } = outcome;
      const quotaWait = rateLimitResetDelayMs(response.headers);
      if (quotaWait !== undefined)
        pausedUntil = Math.max(pausedUntil, Date.now() + Math.min(quotaWait, maxRetryAfter));

      if (response.status === 401 && opts.auth?.onUnauthorized && !authRefreshed) {
        authRefreshed = true;
        if (await opts.auth.onUnauthorized()) {
          opts.onRequest?.({ ...event, status: 401, retryInMs: 0 });
          continue;
        }
      }
      if (isRetryableStatus(response.status) && canRetry && retries < maxRetries) {
        const requested = serverRequestedDelayMs(response.headers);
        const retryInMs =
          requested !== undefined
            ? Math.min(requested, maxRetryAfter)
            : backoffDelayMs(retries, initialDelay, maxDelay);
        if (response.status === 429) pausedUntil = Math.max(pausedUntil, Date.now() + retryInMs);
        opts.onRequest?.({ ...event, status: response.status, retryInMs });
        retries++;
        await sleep(retryInMs, input.signal);
        continue;
      }
      opts.onRequest?.({ ...event, status: response.status });
      return rememberRequest(response, { method, url });
    }
  }
}

async function attemptOnce(
  input: Request,
  body: ArrayBuffer | undefined,
  opts: HttpFetchOptions,
  transport: Transport,
  timeoutMs: number,
  maxResponseBytes: number,
  redactedUrl: string,
): Promise<Outcome> {
  // One abort handle per attempt, aborted by the timeout or by the caller's signal (listened to only when it can
  // abort at all); the transport builds no Request of its own (bench scenario 7).
  const controller = new AttemptAbort();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const callerSignal = input.signal;
  const watchCaller = !neverAborts(callerSignal);
  const onAbort = () => controller.abort(callerSignal.reason);
  if (callerSignal.aborted) onAbort();
  else if (watchCaller) callerSignal.addEventListener('abort', onAbort, { once: true });
  try {
    const headers = new Headers(input.headers);
    headers.set('User-Agent', opts.userAgent);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    const request: OutgoingRequest = { method: input.method, url: input.url, headers, body };
    if (opts.auth) await opts.auth.authorize(request);
    // The body is read within the attempt (and its timeout) so a hanging or broken body is retried like any
    // failure, counting bytes so an endless or huge body fails at the cap instead of filling the memory.
    let sent: Awaited<ReturnType<Transport>>;
    try {
      sent = await transport(
        {
          url: request.url,
          // Auth may have replaced the URL (Yoti signs a new query): then the transport parses it.
          parsedUrl: request.url === input.url ? parsedUrlOf(input) : undefined,
          method: request.method,
          headers,
          body,
          signal: controller,
          redirect: input.redirect,
        },
        maxResponseBytes,
      );
    } catch (error) {
      if (!(error instanceof BodyLimitExceeded)) throw error;
      // Release the socket: the rest of the body is never read.
      controller.abort(error);
      return {
        error: new ResponseTooLargeError({
          provider: opts.provider,
          method: input.method.toUpperCase(),
          url: redactedUrl,
          status: error.status ?? 200,
          limitBytes: maxResponseBytes,
          contentLength: error.contentLength,
        }),
        timedOut: false,
      };
    }
    return {
      response: bufferedResponse(sent.bytes, {
        status: sent.status,
        statusText: sent.statusText,
        headers: sent.headers,
      }),
    };
  } catch (error) {
    return { error, timedOut };
  } finally {
    clearTimeout(timer);
    if (watchCaller) callerSignal.removeEventListener('abort', onAbort);
  }
}

function errorReason(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no response within ${timeoutMs} ms`;
  // fetch wraps the network error in a TypeError's cause; undici's dispatcher throws it as it is.
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
