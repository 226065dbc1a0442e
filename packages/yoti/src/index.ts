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
export { loadPrivateKey, readPrivateKeyFile } from './auth/private-key.js';
export { type SignYotiRequestOptions, signYotiRequest } from './auth/sign-request.js';
export { yotiAuth } from './auth/yoti-auth.js';
export {
  type CallInit,
  type CreateSessionRequest,
  type CreateSessionResponse,
  createYotiClient,
  DEFAULT_BASE_URL,
  type YotiClient,
  type YotiClientOptions,
} from './client.js';
export type { components, operations, paths, webhooks } from './generated/schema.js';
export type { MediaContent, MediaResult } from './media.js';
export { NOTIFICATION_TOPICS, parseNotification } from './notification.js';
export { authorizationMatches } from './notification-auth.js';
export { PKG, VERSION, YOTI_SDK_NAME } from './version.js';
export { verifyWebhook, type YotiWebhookOptions } from './webhook.js';

type Schemas = components['schemas'];
/** A session with its resources and checks (`getSession`). Holds the secret `client_session_token`. */
export type Session = Schemas['Session'];
export type Resources = Schemas['Resources'];
export type IdDocumentResource = Schemas['IdDocumentResource'];
export type SupplementaryDocumentResource = Schemas['SupplementaryDocumentResource'];
export type LivenessResource = Schemas['LivenessResource'];
export type FaceCaptureResource = Schemas['FaceCaptureResource'];
export type ApplicantProfileResource = Schemas['ApplicantProfileResource'];
export type Check = Schemas['Check'];
export type CheckReport = Schemas['CheckReport'];
export type Recommendation = Schemas['Recommendation'];
/** Where and how Yoti sends a session's notifications (`notifications` of `createSession`). */
export type NotificationConfig = Schemas['NotificationConfig'];
export type RequestedCheck = Schemas['RequestedCheck'];
export type RequestedTask = Schemas['RequestedTask'];
export type SdkConfig = Schemas['SdkConfig'];
export type BreakdownItem = Schemas['BreakdownItem'];
export type Media = Schemas['Media'];
export type Page = Schemas['Page'];
export type Frame = Schemas['Frame'];
/** The payload Yoti POSTs to a session's notification endpoint. */
export type Notification = Schemas['Notification'];
/** Yoti's error body `{code, message, errors[]}`. */
export type ErrorBody = Schemas['Error'];
