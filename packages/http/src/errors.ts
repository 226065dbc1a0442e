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

  constructor(init: ApiErrorInit) {
    super(init.message ?? describe(init));
    this.provider = init.provider;
    this.operation = init.operation;
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.requestId = init.requestId;
    this.body = init.body;
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
    };
  }
}

/** 400, 409, 422 and any other 4xx without a more specific class. */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}
/** 401 or 403: credentials missing, wrong, expired or not allowed. */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
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
  if (status === 401 || status === 403) return new AuthenticationError(init);
  if (status === 404) return new NotFoundError(init);
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
