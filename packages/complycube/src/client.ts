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
  ListWorkflowSessionsQuery,
  WorkflowSession,
  WorkflowSessionList,
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
  };
}
