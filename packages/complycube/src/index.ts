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
  COMPLYCUBE_BASE_URL,
  type ComplyCubeClient,
  type ComplyCubeClientOptions,
  createComplyCubeClient,
} from './client.js';
export type { components, operations, paths, webhooks } from './generated/schema.js';
export type {
  CallOptions,
  Check,
  CheckResult,
  ComplyCubeErrorBody,
  ListWorkflowSessionsQuery,
  RelatedCheck,
  WorkflowSession,
  WorkflowSessionList,
} from './types.js';
export { PACKAGE_NAME, VERSION } from './version.js';
export {
  COMPLYCUBE_SIGNATURE_HEADER,
  type ComplyCubeWebhookEvent,
  type ComplyCubeWebhookOptions,
  verifyWebhook,
} from './webhook.js';
