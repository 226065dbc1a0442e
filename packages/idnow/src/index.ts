import type { components } from './generated/schema.js';

export {
  ApiAbortError,
  ApiConnectionError,
  ApiError,
  ApiTimeoutError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  IdvkitError,
  InvalidResponseError,
  isSafeId,
  NotFoundError,
  PaginationError,
  PathParameterError,
  PermissionDeniedError,
  RateLimitError,
  type RequestOptions,
  type ResponseMeta,
  ResponseTooLargeError,
  ServerError,
  UnprocessableEntityError,
  WEBHOOK_FAILURE_REASONS,
  type WebhookFailureReason,
  type WebhookHeaders,
  type WebhookRequest,
  WebhookVerificationError,
  withResponse,
} from '@idvkit/http';
export {
  type CallInit,
  createIdnowClient,
  DEFAULT_BASE_URL,
  DEFAULT_TOKEN_URL,
  type IdnowClient,
  type IdnowClientOptions,
  type ListSessionsQuery,
} from './client.js';
export { datablockIdOf, datablocksOf } from './datablocks.js';
export { FILE_URL_TTL_SECONDS, type IdnowFile, type IdnowFileResult } from './files.js';
export { flowSummaryOf, type IdnowFlowSummary, type ListFlowsOptions } from './flows.js';
export type { components, operations, paths, webhooks } from './generated/schema.js';
export { PKG, VERSION } from './version.js';
export {
  type IdnowWebhookClaims,
  type IdnowWebhookEvent,
  type IdnowWebhookOptions,
  verifyWebhook,
} from './webhook.js';
export { IDNOW_JWKS_URLS } from './webhook-jwks.js';
export { IDNOW_SIGNATURE_HEADER } from './webhook-token.js';

type Schemas = components['schemas'];
/** A session with its result references (`getSession`). */
export type Session = Schemas['Session'];
/** A session as listed by `listSessions`. */
export type SessionListItem = Schemas['SessionListItem'];
/** One page of `listSessions`. */
export type SessionList = Schemas['SessionList'];
export type PageInfo = Schemas['PageInfo'];
export type LastStep = Schemas['LastStep'];
export type DatablockReference = Schemas['DatablockReference'];
export type DatablockList = Schemas['DatablockList'];
export type Datablock = Schemas['Datablock'];
export type TokenResponse = Schemas['TokenResponse'];
/** A flow as `listFlows` receives it (either documented shape); see `IdnowFlowSummary` for the normalized form. */
export type Flow = Schemas['Flow'];
/** `GET /api/v1/flows/{environment}`: unpaged `{content}` or paged `{content, page}`. */
export type FlowList = Schemas['FlowList'];
/** Body of `createSession`. */
export type CreateSessionRequest = Schemas['CreateSessionRequest'];
/** Response of `createSession`: `sessionContext`, `playerUrl`, `sdkToken` (a secret). */
export type CreateSessionResponse = Schemas['CreateSessionResponse'];
export type SessionContext = Schemas['SessionContext'];
/** IDnow's (undocumented) error body: any JSON object. */
export type ErrorBody = Schemas['Error'];
