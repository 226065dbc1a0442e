export { type AuthStrategy, bearerAuth, headerAuth, type OutgoingRequest } from './auth/auth-strategy.js';
export { type ClientCredentialsOptions, clientCredentialsAuth } from './auth/client-credentials.js';
export { createOpenApiClient, normalizeBaseUrl, unwrap } from './client.js';
export {
  ApiAbortError,
  ApiConnectionError,
  ApiError,
  type ApiErrorInit,
  ApiTimeoutError,
  AuthenticationError,
  apiErrorFromResponse,
  BadRequestError,
  ConflictError,
  IdvkitError,
  InvalidResponseError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  ResponseTooLargeError,
  ServerError,
  UnprocessableEntityError,
} from './errors.js';
export {
  createHttpFetch,
  type HttpFetchOptions,
  type HttpOptions,
  type RequestEvent,
} from './fetch/http-fetch.js';
export { DEFAULT_MAX_RESPONSE_BYTES } from './fetch/read-body.js';
export { type OpenApiRequestInit, type RequestOptions, requestInit } from './fetch/request-options.js';
export { backoffDelayMs, isRetryableStatus, serverRequestedDelayMs } from './fetch/retry-policy.js';
export { type PageResult, Paginator, type PaginatorOptions } from './pagination/paginator.js';
export {
  assertPathParameter,
  describeValue,
  isSafeId,
  PathParameterError,
  SAFE_ID_PATTERN,
  SAFE_ID_RULE,
} from './path-parameter.js';
export { RateLimiter, type RateLimiterOptions, sleep } from './rate-limiter.js';
export { redactHeaders, redactUrl, requestIdOf } from './redact.js';
export { userAgent } from './version.js';
export { hexDigestEquals, hmacSha256, isHexSha256, secretEquals } from './webhooks/constant-time.js';
export {
  headerValues,
  parseJsonObject,
  rawBodyBytes,
  singleHeader,
  type WebhookHeaders,
  type WebhookRequest,
} from './webhooks/request.js';
export {
  WEBHOOK_FAILURE_REASONS,
  type WebhookFailureReason,
  WebhookVerificationError,
} from './webhooks/verification-error.js';
export { type ResponseMeta, withResponse } from './with-response.js';
