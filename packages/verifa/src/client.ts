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
import { nextOffset } from './offset-pages.js';
import type {
  CallOptions,
  CreatedSession,
  CreateSessionRequest,
  DocumentList,
  ListResultsQuery,
  ListSessionsQuery,
  ListWorkflowsQuery,
  ResultList,
  ResultListItem,
  Session,
  SessionList,
  SessionResult,
  Workflow,
  WorkflowList,
  WorkflowRun,
} from './types.js';
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
  /**
   * `POST /api/v1/sessions`: creates a session and returns its single-use `capture_url`. Pass
   * `init.idempotencyKey` to make it retryable (Verifa replays the first response for the same key and body,
   * and answers 422 `idempotency_mismatch`, an UnprocessableEntityError, for the same key with another body);
   * without a key a failed create is never retried.
   */
  createSession(body?: CreateSessionRequest, init?: CallOptions): Promise<CreatedSession>;
  /**
   * `GET /api/v1/sessions/{id}/result`: the decision (`approved`, `rejected`, `needs_review`). It exists once
   * the session is `completed` or `under_review`; before that Verifa answers 404 (NotFoundError).
   */
  getSessionResult(id: string, init?: CallOptions): Promise<SessionResult>;
  /**
   * Walks `GET /api/v1/results` by offset, optionally within a result-creation window (`created_after`,
   * `created_before`). Stops at a page shorter than `limit` (default 100) or at `pagination.total`.
   */
  listResults(query?: ListResultsQuery, init?: CallOptions): Paginator<ResultList, ResultListItem, number>;
  /**
   * `GET /api/v1/sessions/{id}/documents`: signed URLs of the captured images (valid about 300 s). Once the
   * sensitive-data window has elapsed Verifa answers 410 Gone (an ApiError with `status` 410) or, per another
   * docs page, an empty list.
   */
  listDocuments(id: string, init?: CallOptions): Promise<DocumentList>;
  /** Walks `GET /api/v1/workflows` (name, version, `is_default`), page by page when the API paginates it. */
  listWorkflows(query?: ListWorkflowsQuery, init?: CallOptions): Paginator<WorkflowList, Workflow, number>;
}

/** An ISO 8601 string for a `created_after`/`created_before` given as a string or a Date. */
function instant(name: string, value: string | Date | undefined): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (value instanceof Date && Number.isFinite(value.getTime())) return value.toISOString();
  throw new TypeError(
    `listResults: expected ${name} as an ISO 8601 string or a valid Date, received ${String(value)}`,
  );
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
    createSession(body = {}, init = {}) {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        const got = body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body;
        return Promise.reject(
          new TypeError(`createSession: expected the body as an object, received ${got}`),
        );
      }
      return unwrap(
        PROVIDER,
        'createSession',
        () => raw.POST('/api/v1/sessions', { body, ...requestInit(fetch, init) }),
        init,
      );
    },
    getSessionResult: (id, init = {}) =>
      unwrap(
        PROVIDER,
        'getSessionResult',
        () =>
          raw.GET('/api/v1/sessions/{id}/result', {
            params: { path: { id } },
            ...requestInit(fetch, init),
          }),
        init,
      ),
    listResults(
      { startOffset = 0, limit = VERIFA_DEFAULT_PAGE_SIZE, created_after, created_before, ...filters } = {},
      init = {},
    ) {
      const window = {
        ...(created_after !== undefined ? { created_after: instant('created_after', created_after) } : {}),
        ...(created_before !== undefined
          ? { created_before: instant('created_before', created_before) }
          : {}),
      };
      return new Paginator({
        initial: startOffset,
        fetchPage: (offset) =>
          unwrap(PROVIDER, 'listResults', () =>
            raw.GET('/api/v1/results', {
              params: { query: { ...filters, ...window, limit, offset } },
              ...requestInit(fetch, init),
            }),
          ),
        items: (list) => list.data,
        next: (list, offset) => nextOffset(list, offset, limit),
        itemKey: (result) => result.session_id,
        total: (list) => list.pagination?.total,
      });
    },
    listDocuments: (id, init = {}) =>
      unwrap(
        PROVIDER,
        'listSessionDocuments',
        () =>
          raw.GET('/api/v1/sessions/{id}/documents', {
            params: { path: { id } },
            ...requestInit(fetch, init),
          }),
        init,
      ),
    listWorkflows({ startOffset = 0, limit = VERIFA_DEFAULT_PAGE_SIZE } = {}, init = {}) {
      return new Paginator({
        initial: startOffset,
        fetchPage: (offset) =>
          unwrap(PROVIDER, 'listWorkflows', () =>
            raw.GET('/api/v1/workflows', {
              params: { query: { limit, offset } },
              ...requestInit(fetch, init),
            }),
          ),
        items: (list) => list.data,
        next: (list, offset) => nextOffset(list, offset, limit),
        itemKey: (workflow) => `${workflow.id}@${String(workflow.version)}`,
        total: (list) => list.pagination?.total,
      });
    },
  };
}
