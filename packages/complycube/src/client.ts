import {
  createHttpFetch,
  createOpenApiClient,
  type HttpOptions,
  headerAuth,
  Paginator,
  requestInit,
  unwrap,
  userAgent,
} from '@idvkit/http';
import type { Client } from 'openapi-fetch';
import type { paths } from './generated/schema.js';
import type {
  CallOptions,
  Check,
  CheckList,
  ClientCreate,
  Client as ComplyCubeClientRecord,
  FlowSessionCreate,
  FlowSessionCreated,
  ListChecksQuery,
  ListWorkflowSessionsQuery,
  WorkflowSession,
  WorkflowSessionList,
  WorkflowSessionStatusChange,
} from './types.js';
import { PACKAGE_NAME, VERSION } from './version.js';

const PROVIDER = 'complycube';

/** Production base URL (live and test keys share it). */
export const COMPLYCUBE_BASE_URL = 'https://api.complycube.com/v1';

/** Options of {@link createComplyCubeClient}. */
export interface ComplyCubeClientOptions extends HttpOptions {
  /** Default {@link COMPLYCUBE_BASE_URL}. */
  baseUrl?: string;
  /** A live or test API key, sent as-is in `Authorization` (no `Bearer`). */
  apiKey: string;
}

/** A typed ComplyCube client. */
export interface ComplyCubeClient {
  /** The underlying openapi-fetch client (auth, retries and timeouts included), for endpoints not wrapped here. */
  readonly raw: Client<paths>;
  /** Walks `GET /workflowSessions` page by page (newest first) until `page >= pages` or a page is empty. */
  listWorkflowSessions(
    query?: ListWorkflowSessionsQuery,
    init?: CallOptions,
  ): Paginator<WorkflowSessionList, WorkflowSession, number>;
  /** `GET /workflowSessions/{id}`. Throws NotFoundError for an unknown id. */
  getWorkflowSession(id: string, init?: CallOptions): Promise<WorkflowSession>;
  /** `GET /checks/{id}`. Throws NotFoundError for an unknown id. */
  getCheck(id: string, init?: CallOptions): Promise<Check>;
  /**
   * Walks `GET /checks` page by page (newest first), e.g. `{ clientId }` or `{ 'result.outcome': 'rejected' }`.
   * A malformed filter value gives an empty listing (ComplyCube answers 200 with no items, not 400).
   */
  listChecks(query?: ListChecksQuery, init?: CallOptions): Paginator<CheckList, Check, number>;
  /**
   * `POST /clients`: creates the person or company a flow session is for. ComplyCube documents no idempotency
   * key, so the call is not retried unless `init.idempotencyKey` is given.
   */
  createClient(body: ClientCreate, init?: CallOptions): Promise<ComplyCubeClientRecord>;
  /**
   * `POST /flow/sessions`: a hosted flow for a client. Returns only `redirectUrl`: the workflow session exists
   * once the client starts the flow; find it with `listWorkflowSessions({ clientId, workflowTemplateId })`.
   */
  createFlowSession(body: FlowSessionCreate, init?: CallOptions): Promise<FlowSessionCreated>;
  /** `POST /workflowSessions/{id}/complete`: the client is done, run the checks (`started` → `processing`). */
  completeWorkflowSession(id: string, init?: CallOptions): Promise<WorkflowSessionStatusChange>;
  /** `POST /workflowSessions/{id}/cancel`: only a `started` session can be cancelled (→ `cancelled`). */
  cancelWorkflowSession(id: string, init?: CallOptions): Promise<WorkflowSessionStatusChange>;
}

/**
 * Creates a ComplyCube client. Retries, timeouts and typed errors come from `@idvkit/http`.
 * @see https://docs.complycube.com/api-reference
 */
export function createComplyCubeClient(options: ComplyCubeClientOptions): ComplyCubeClient {
  const { apiKey, baseUrl = COMPLYCUBE_BASE_URL, ...httpOptions } = options;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new TypeError('createComplyCubeClient: expected a non-empty apiKey, received an empty value');
  }
  const fetch = createHttpFetch({
    ...httpOptions,
    provider: PROVIDER,
    auth: headerAuth({ Authorization: apiKey }),
    userAgent: httpOptions.userAgent ?? userAgent(PACKAGE_NAME, VERSION),
  });
  const raw = createOpenApiClient<paths>({ provider: PROVIDER, baseUrl, fetch });

  return {
    raw,
    listWorkflowSessions({ startPage = 1, ...filters } = {}, init = {}) {
      return new Paginator({
        initial: startPage,
        fetchPage: (page) =>
          unwrap(PROVIDER, 'listWorkflowSessions', () =>
            raw.GET('/workflowSessions', {
              params: { query: { ...filters, page } },
              ...requestInit(fetch, init),
            }),
          ),
        items: (list) => list.items,
        next: (list, page) => (page < list.pages ? page + 1 : undefined),
        itemKey: (session) => session.id,
        total: (list) => list.totalItems,
      });
    },
    getWorkflowSession: (id, init = {}) =>
      unwrap(
        PROVIDER,
        'getWorkflowSession',
        () =>
          raw.GET('/workflowSessions/{id}', {
            params: { path: { id } },
            ...requestInit(fetch, init),
          }),
        init,
      ),
    getCheck: (id, init = {}) =>
      unwrap(
        PROVIDER,
        'getCheck',
        () => raw.GET('/checks/{id}', { params: { path: { id } }, ...requestInit(fetch, init) }),
        init,
      ),
    listChecks({ startPage = 1, ...filters } = {}, init = {}) {
      return new Paginator({
        initial: startPage,
        fetchPage: (page) =>
          unwrap(PROVIDER, 'listChecks', () =>
            raw.GET('/checks', { params: { query: { ...filters, page } }, ...requestInit(fetch, init) }),
          ),
        items: (list) => list.items,
        next: (list, page) => (page < list.pages ? page + 1 : undefined),
        itemKey: (check) => check.id,
        total: (list) => list.totalItems,
      });
    },
    createClient: (body, init = {}) =>
      unwrap(
        PROVIDER,
        'createClient',
        () => raw.POST('/clients', { body, ...requestInit(fetch, init) }),
        init,
      ),
    createFlowSession: (body, init = {}) =>
      unwrap(
        PROVIDER,
        'createFlowSession',
        () => raw.POST('/flow/sessions', { body, ...requestInit(fetch, init) }),
        init,
      ),
    completeWorkflowSession: (id, init = {}) =>
      unwrap(
        PROVIDER,
        'completeWorkflowSession',
        () =>
          raw.POST('/workflowSessions/{id}/complete', {
            params: { path: { id } },
            ...requestInit(fetch, init),
          }),
        init,
      ),
    cancelWorkflowSession: (id, init = {}) =>
      unwrap(
        PROVIDER,
        'cancelWorkflowSession',
        () =>
          raw.POST('/workflowSessions/{id}/cancel', {
            params: { path: { id } },
            ...requestInit(fetch, init),
          }),
        init,
      ),
  };
}
