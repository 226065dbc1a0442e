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
import type { CallOptions, ListSessionsQuery, Session, SessionList, WorkflowRun } from './types.js';
import { PACKAGE_NAME, VERSION } from './version.js';

const PROVIDER = 'verifa';

/** Production base URL (`vk_live_…` keys). */
export const VERIFA_BASE_URL = 'https://api.withverifa.com';
/** Sandbox / development base URL (`vk_sandbox_…` keys). */
export const VERIFA_SANDBOX_BASE_URL = 'https://devapi.withverifa.com';
/** The API version the spec describes, sent as `Verifa-Version` unless overridden. */
export const VERIFA_API_VERSION = '2026-01-01';
/** Page size used by {@link VerifaClient.listSessions} unless the query says otherwise (the API's maximum). */
export const VERIFA_DEFAULT_PAGE_SIZE = 100;

/** Options of {@link createVerifaClient}. */
export interface VerifaClientOptions extends HttpOptions {
  /** Default {@link VERIFA_BASE_URL}. */
  baseUrl?: string;
  /** Organization API key (`vk_live_…` or `vk_sandbox_…`), sent in `X-API-Key`. */
  apiKey: string;
  /** `Verifa-Version` date (YYYY-MM-DD). Default {@link VERIFA_API_VERSION}. */
  version?: string;
}

/** A typed Verifa client. Every request carries `Verifa-Version` and `Key-Inflection: snake`. */
export interface VerifaClient {
  /** The underlying openapi-fetch client (auth, headers, retries and timeouts included). */
  readonly raw: Client<paths>;
  /**
   * Walks `GET /api/v1/sessions` by offset (`offset + data.length`) while that is below `pagination.total`
   * and pages are not empty. `limit` defaults to 100.
   */
  listSessions(query?: ListSessionsQuery, init?: CallOptions): Paginator<SessionList, Session, number>;
  /** `GET /api/v1/sessions/{id}`. Throws NotFoundError for an unknown id. */
  getSession(id: string, init?: CallOptions): Promise<Session>;
  /** `GET /api/v1/sessions/{id}/workflow-run`. Throws NotFoundError when the session has no workflow run. */
  getWorkflowRun(id: string, init?: CallOptions): Promise<WorkflowRun>;
}

/**
 * Creates a Verifa client. Retries (honouring `Retry-After` and `X-RateLimit-Reset`), timeouts and typed
 * errors come from `@idvkit/http`.
 * @see https://docs.withverifa.com
 */
export function createVerifaClient(options: VerifaClientOptions): VerifaClient {
  const { apiKey, baseUrl = VERIFA_BASE_URL, version = VERIFA_API_VERSION, ...httpOptions } = options;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new TypeError('createVerifaClient: expected a non-empty apiKey, received an empty value');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) {
    throw new TypeError(
      `createVerifaClient: expected version as YYYY-MM-DD, received ${JSON.stringify(version)}`,
    );
  }
  const fetch = createHttpFetch({
    ...httpOptions,
    provider: PROVIDER,
    auth: headerAuth({ 'X-API-Key': apiKey }),
    userAgent: httpOptions.userAgent ?? userAgent(PACKAGE_NAME, VERSION),
  });
  const raw = createOpenApiClient<paths>({
    provider: PROVIDER,
    baseUrl,
    fetch,
    // Always snake: the spec (and so the generated types) describe snake_case keys.
    headers: { 'Verifa-Version': version, 'Key-Inflection': 'snake' },
  });

  return {
    raw,
    listSessions({ startOffset = 0, limit = VERIFA_DEFAULT_PAGE_SIZE, ...filters } = {}, init = {}) {
      return new Paginator({
        initial: startOffset,
        fetchPage: (offset) =>
          unwrap(PROVIDER, 'listSessions', () =>
            raw.GET('/api/v1/sessions', {
              params: { query: { ...filters, limit, offset } },
              ...requestInit(fetch, init),
            }),
          ),
        items: (list) => list.data,
        next: (list, offset) => {
          const following = offset + list.data.length;
          return list.data.length > 0 && following < list.pagination.total ? following : undefined;
        },
        itemKey: (session) => session.id,
        total: (list) => list.pagination.total,
      });
    },
    getSession: (id, init = {}) =>
      unwrap(
        PROVIDER,
        'getSession',
        () =>
          raw.GET('/api/v1/sessions/{id}', {
            params: { path: { id } },
            ...requestInit(fetch, init),
          }),
        init,
      ),
    getWorkflowRun: (id, init = {}) =>
      unwrap(
        PROVIDER,
        'getSessionWorkflowRun',
        () =>
          raw.GET('/api/v1/sessions/{id}/workflow-run', {
            params: { path: { id } },
            ...requestInit(fetch, init),
          }),
        init,
      ),
  };
}
