/** Base class of every error thrown by idvkit clients. */
export class IdvkitError extends Error {
  override name = 'IdvkitError';
}

/** What an {@link ApiError} is built from. `url` must already be redacted (no query string). */
export interface ApiErrorInit {
  provider: string;
  operation: string;
  status: number;
  method: string;
  url: string;
  requestId?: string | undefined;
  body?: unknown;
  /** Response headers, already redacted (see `redactHeaders`: no Set-Cookie, Authorization or API keys). */
  headers?: Record<string, string> | undefined;
  message?: string;
}

/** The provider answered with a non-2xx status. */
export class ApiError extends IdvkitError {
  override name = 'ApiError';
  readonly provider: string;
  readonly operation: string;
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly requestId: string | undefined;
  readonly body: unknown;
  /** Response headers with lower-case names, redacted (no Set-Cookie, Authorization or API keys). */
  readonly headers: Record<string, string>;

  constructor(init: ApiErrorInit) {
    super(init.message ?? describe(init));
    this.provider = init.provider;
    this.operation = init.operation;
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.requestId = init.requestId;
    this.body = init.body;
    this.headers = init.headers ?? {};
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      provider: this.provider,
      operation: this.operation,
      status: this.status,
      method: this.method,
      url: this.url,
      requestId: this.requestId,
      body: this.body,
      headers: this.headers,
    };
  }
}

/** 400 and any other 4xx without a more specific class (409 and 422 are subclasses). */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}
/** 409: the request conflicts with the resource's current state (e.g. an idempotency key reused with another body). */
export class ConflictError extends BadRequestError {
  override name = 'ConflictError';
}
/** 422: the request was well-formed but the provider refused its content. */
export class UnprocessableEntityError extends BadRequestError {
  override name = 'UnprocessableEntityError';
}
/** 401 or 403: credentials missing, wrong, expired or not allowed (403 is the subclass {@link PermissionDeniedError}). */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}
/**
 * 403: the credentials were accepted but are not allowed to do this. A subclass of {@link AuthenticationError} so
 * that code written for "401 or 403" (`instanceof AuthenticationError`) keeps treating both alike.
 */
export class PermissionDeniedError extends AuthenticationError {
  override name = 'PermissionDeniedError';
}
/** 404: the resource does not exist (or no longer exists). */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
/** 429 after retries were exhausted. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** 5xx after retries were exhausted. */
export class ServerError extends ApiError {
  override name = 'ServerError';
}

/** The request never got an HTTP answer (DNS, refused, reset, aborted). */
export class ApiConnectionError extends IdvkitError {
  override name = 'ApiConnectionError';
  readonly provider: string;
  operation: string;
  readonly method: string;
  readonly url: string;
  constructor(init: {
    provider: string;
    operation?: string;
    method: string;
    url: string;
    message: string;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.provider = init.provider;
    this.operation = init.operation ?? 'unknown';
    this.method = init.method;
    this.url = init.url;
  }
}
/** An attempt exceeded the per-attempt timeout (after retries were exhausted). */
export class ApiTimeoutError extends ApiConnectionError {
  override name = 'ApiTimeoutError';
}

/**
 * The caller's `AbortSignal` aborted the request (before, during or between attempts). Not retried, and not an
 * {@link ApiConnectionError}: nothing went wrong with the provider. `cause` is the signal's reason.
 */
export class ApiAbortError extends IdvkitError {
  override name = 'ApiAbortError';
  readonly provider: string;
  operation: string;
  readonly method: string;
  /** Redacted (no query string, no credentials). */
  readonly url: string;
  constructor(init: {
    provider: string;
    operation?: string;
    method: string;
    url: string;
    cause?: unknown;
    message?: string;
  }) {
    super(init.message ?? `${init.method} ${init.url} was aborted by the caller: ${reasonText(init.cause)}`, {
      cause: init.cause,
    });
    this.provider = init.provider;
    this.operation = init.operation ?? 'unknown';
    this.method = init.method;
    this.url = init.url;
  }
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return reason === undefined ? 'no reason given' : String(reason);
}

/**
 * A response body was larger than `maxResponseBytes`: by its `Content-Length`, or while it streamed in. The
 * attempt is aborted at once (the socket is released) and the request is not retried: a body that large is not a
 * transient fault.
 */
export class ResponseTooLargeError extends IdvkitError {
  override name = 'ResponseTooLargeError';
  readonly provider: string;
  operation: string;
  readonly method: string;
  /** Redacted (no query string, no credentials). */
  readonly url: string;
  readonly status: number;
  readonly limitBytes: number;
  /** The declared `Content-Length`, when that is what gave it away. */
  readonly contentLength: number | undefined;
  constructor(init: {
    provider: string;
    operation?: string;
    method: string;
    url: string;
    status: number;
    limitBytes: number;
    contentLength?: number | undefined;
    message?: string;
  }) {
    const received =
      init.contentLength !== undefined
        ? `received a Content-Length of ${init.contentLength}`
        : 'received more';
    super(
      init.message ??
        `${init.method} ${init.url}: response body too large: expected at most ${init.limitBytes} bytes (maxResponseBytes), ${received}`,
    );
    this.provider = init.provider;
    this.operation = init.operation ?? 'unknown';
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.limitBytes = init.limitBytes;
    this.contentLength = init.contentLength;
  }
}

/** A 2xx response whose body could not be parsed as the expected JSON. */
export class InvalidResponseError extends IdvkitError {
  override name = 'InvalidResponseError';
  readonly provider: string;
  readonly operation: string;
  readonly status: number;
  constructor(init: {
    provider: string;
    operation: string;
    status: number;
    message: string;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.provider = init.provider;
    this.operation = init.operation;
    this.status = init.status;
  }
}

/** A paginator stopped because it would otherwise loop forever. */
export class PaginationError extends IdvkitError {
  override name = 'PaginationError';
}

/** Picks the {@link ApiError} subclass that matches the status. */
export function apiErrorFromResponse(init: ApiErrorInit & { retryAfterMs?: number | undefined }): ApiError {
  const { status } = init;
  if (status === 401) return new AuthenticationError(init);
  if (status === 403) return new PermissionDeniedError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 409) return new ConflictError(init);
  if (status === 422) return new UnprocessableEntityError(init);
  if (status === 429) return new RateLimitError(init);
  if (status >= 500) return new ServerError(init);
  return new BadRequestError(init);
}

function describe(init: ApiErrorInit): string {
  const detail = bodySummary(init.body);
  const rid = init.requestId ? ` (request id ${init.requestId})` : '';
  return `${init.provider} ${init.operation}: ${init.method} ${init.url} answered ${init.status}${detail ? `: ${detail}` : ''}${rid}`;
}

/** A short, secret-free summary of a provider error body: its message-like fields only. */
function bodySummary(body: unknown): string {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') return body.slice(0, 200);
  if (typeof body !== 'object') return String(body);
  const b = body as Record<string, unknown>;
  const parts = ['type', 'code', 'error', 'message', 'detail']
    .map((k) => b[k])
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  return parts.join(' - ').slice(0, 300);
}
