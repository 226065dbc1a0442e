import type { components } from './generated/schema.js';

export {
  ApiConnectionError,
  ApiError,
  ApiTimeoutError,
  AuthenticationError,
  BadRequestError,
  IdvkitError,
  InvalidResponseError,
  isSafeId,
  NotFoundError,
  PaginationError,
  PathParameterError,
  RateLimitError,
  ServerError,
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
export type { components, operations, paths } from './generated/schema.js';
export { PKG, VERSION } from './version.js';

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
/** IDnow's (undocumented) error body: any JSON object. */
export type ErrorBody = Schemas['Error'];
