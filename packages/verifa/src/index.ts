export {
  ApiConnectionError,
  ApiError,
  ApiTimeoutError,
  AuthenticationError,
  BadRequestError,
  type HttpOptions,
  IdvkitError,
  InvalidResponseError,
  isSafeId,
  NotFoundError,
  PaginationError,
  Paginator,
  PathParameterError,
  RateLimitError,
  RateLimiter,
  type RequestEvent,
  ResponseTooLargeError,
  ServerError,
  WEBHOOK_FAILURE_REASONS,
  type WebhookFailureReason,
  type WebhookHeaders,
  type WebhookRequest,
  WebhookVerificationError,
} from '@idvkit/http';
export {
  createVerifaClient,
  VERIFA_API_VERSION,
  VERIFA_BASE_URL,
  VERIFA_DEFAULT_PAGE_SIZE,
  VERIFA_SANDBOX_BASE_URL,
  type VerifaClient,
  type VerifaClientOptions,
} from './client.js';
export type { components, operations, paths, webhooks } from './generated/schema.js';
export type {
  CallOptions,
  ListSessionsQuery,
  NodeResult,
  Session,
  SessionCheck,
  SessionList,
  VerifaErrorBody,
  WorkflowRun,
} from './types.js';
export { PACKAGE_NAME, VERSION } from './version.js';
export { type VerifaWebhookEvent, type VerifaWebhookOptions, verifyWebhook } from './webhook.js';
export { VERIFA_SIGNATURE_HEADER } from './webhook-signature-header.js';
