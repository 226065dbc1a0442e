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
  ServerError,
} from '@idvkit/http';
export {
  COMPLYCUBE_BASE_URL,
  type ComplyCubeClient,
  type ComplyCubeClientOptions,
  createComplyCubeClient,
} from './client.js';
export type { components, operations, paths } from './generated/schema.js';
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
