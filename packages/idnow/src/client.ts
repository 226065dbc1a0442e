import {
  type AuthStrategy,
  bearerAuth,
  clientCredentialsAuth,
  createHttpFetch,
  createOpenApiClient,
  type HttpOptions,
  normalizeBaseUrl,
  PaginationError,
  Paginator,
  type RequestOptions,
  requestInit,
  unwrap,
  userAgent,
} from '@idvkit/http';
import type { Client } from 'openapi-fetch';
import { downloadPresigned } from './download.js';
import type { IdnowFile, IdnowFileResult } from './files.js';
import { flowSummaryOf, type IdnowFlowSummary, type ListFlowsOptions } from './flows.js';
import type { components, paths } from './generated/schema.js';
import { PKG, VERSION } from './version.js';

type Schemas = components['schemas'];

/** Production API base URL (EU). */
export const DEFAULT_BASE_URL = 'https://api.eu.platform.idnow.io';
/** Production OAuth 2.0 token endpoint (EU). The sandbox auth server is `https://auth.eu.platform.idnow.sx`. */
export const DEFAULT_TOKEN_URL = 'https://auth.eu.platform.idnow.io/oidc/token';

/**
 * Options of {@link createIdnowClient}. Give either `token` (a pre-issued bearer token) or `clientId` and
 * `clientSecret` (OAuth 2.0 client credentials, exchanged at `tokenUrl`).
 */
export interface IdnowClientOptions extends HttpOptions {
  /** API base URL. Default {@link DEFAULT_BASE_URL}. */
  baseUrl?: string;
  /** Full URL of the token endpoint. Default {@link DEFAULT_TOKEN_URL}. */
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** Optional OAuth scope for the client-credentials grant. */
  scope?: string;
  /** A pre-issued static bearer token; when set, no token request is made. */
  token?: string;
}

/** Query of {@link IdnowClient.listSessions}. */
export interface ListSessionsQuery {
  flowId: string;
  /** `live` or `staging` (open string). */
  environment: string;
  /** Page size. */
  size?: number;
  sortBy?: 'createdAt' | 'status';
  sortDesc?: boolean;
  /** First page to fetch (0-based). Default 0. */
  startPage?: number;
}

/** Per-call options (`timeoutMs`, `maxRetries`, `headers`, `signal`, `idempotencyKey`). */
export type CallInit = RequestOptions;

/** The IDnow Trust Platform client returned by {@link createIdnowClient}. */
export interface IdnowClient {
  /** The underlying openapi-fetch client (auth, retries and timeouts applied). Not for `/oidc/token`. */
  raw: Client<paths>;
  /** `GET /api/v1/{environment}/sessions/{sessionId}` */
  getSession(environment: string, sessionId: string, init?: CallInit): Promise<Schemas['Session']>;
  /** `GET /api/v1/{environment}/sessions/{sessionId}/datablocks` (read items with `datablocksOf`). */
  getDatablocks(environment: string, sessionId: string, init?: CallInit): Promise<Schemas['DatablockList']>;
  /** `GET /api/v1/flows/{flowId}/{environment}/sessions`, every page (0-based page numbers). */
  listSessions(
    query: ListSessionsQuery,
    init?: CallInit,
  ): Paginator<Schemas['SessionList'], Schemas['SessionListItem'], number>;
  /**
   * `GET /api/v1/flows/{environment}`: every flow of the environment as one normalized list, whichever documented
   * shape the server answers in (unpaged `{content}` or 1-based pages `{content, page}`, followed to the end).
   */
  listFlows(environment: string, options?: ListFlowsOptions, init?: CallInit): Promise<IdnowFlowSummary[]>;
  /**
   * `POST /api/v1/flows/{flowId}/{environment}/sessions`. IDnow documents no idempotency key, so this POST is not
   * retried unless `init.idempotencyKey` is given. The response's `sdkToken` is a secret: never log it.
   */
  createSession(
    flowId: string,
    environment: string,
    body: Schemas['CreateSessionRequest'],
    init?: CallInit,
  ): Promise<Schemas['CreateSessionResponse']>;
  /** `GET /api/v1/{environment}/files/{vaultEntryId}` without following the redirect (see {@link IdnowFileResult}). */
  getFile(environment: string, vaultEntryId: string, init?: CallInit): Promise<IdnowFileResult>;
  /**
   * Resolves a vault reference to the file: `getFile`, then, on a 302, a GET of the pre-signed URL **without** the
   * bearer token (it must not reach the storage host).
   */
  downloadFile(environment: string, vaultEntryId: string, init?: CallInit): Promise<IdnowFile>;
}

/** More flow pages than this means the server is not advancing its `page.number`. */
const MAX_FLOW_PAGES = 1000;

/**
 * Creates an IDnow Trust Platform client.
 * @throws TypeError when neither `token` nor `clientId` + `clientSecret` is given, or a URL is invalid.
 * @see https://docs.idnow.io/
 */
export function createIdnowClient(options: IdnowClientOptions): IdnowClient {
  const { baseUrl, tokenUrl, clientId, clientSecret, scope, token, ...http } = options;
  const fetcher = createHttpFetch({
    ...http,
    provider: 'idnow',
    auth: idnowAuth({ tokenUrl, clientId, clientSecret, scope, token, fetch: http.fetch }),
    userAgent: http.userAgent ?? userAgent(PKG, VERSION),
  });
  const apiBase = normalizeBaseUrl(baseUrl ?? DEFAULT_BASE_URL);
  const raw = createOpenApiClient<paths>({ provider: 'idnow', baseUrl: apiBase, fetch: fetcher });
  const plainFetch = http.fetch ?? globalThis.fetch;

  const getFile = async (
    environment: string,
    vaultEntryId: string,
    init?: CallInit,
  ): Promise<IdnowFileResult> => {
    let response: Response | undefined;
    const data = await unwrap(
      'idnow',
      'getFile',
      async () => {
        const result = await raw.GET('/api/v1/{environment}/files/{vaultEntryId}', {
          params: { path: { environment, vaultEntryId } },
          parseAs: 'arrayBuffer',
          // The 302's Location is read here; following it would send the bearer token to the storage host.
          redirect: 'manual',
          ...requestInit(fetcher, init),
        });
        response = result.response;
        const location = response.headers.get('location');
        // A redirect is this operation's success: hand unwrap an ok-shaped result carrying it.
        if (response.status >= 300 && response.status < 400 && location) {
          return {
            data: { location },
            response: new Response(null, { status: 200, headers: response.headers }),
          };
        }
        return result as { data?: ArrayBuffer | { location: string }; error?: unknown; response: Response };
      },
      init,
    );
    if (data && 'location' in data) {
      return { kind: 'redirect', url: new URL(data.location, `${apiBase}/`).toString() };
    }
    return {
      kind: 'content',
      bytes: new Uint8Array((data as ArrayBuffer | undefined) ?? new ArrayBuffer(0)),
      contentType: response?.headers.get('content-type') ?? null,
    };
  };

  return {
    raw,
    getSession: (environment, sessionId, init) =>
      unwrap(
        'idnow',
        'getSession',
        () =>
          raw.GET('/api/v1/{environment}/sessions/{sessionId}', {
            params: { path: { environment, sessionId } },
            ...requestInit(fetcher, init),
          }),
        init,
      ),
    getDatablocks: (environment, sessionId, init) =>
      unwrap(
        'idnow',
        'listDatablocks',
        () =>
          raw.GET('/api/v1/{environment}/sessions/{sessionId}/datablocks', {
            params: { path: { environment, sessionId } },
            ...requestInit(fetcher, init),
          }),
        init,
      ),
    listSessions: ({ flowId, environment, startPage, ...query }, init) =>
      new Paginator({
        initial: startPage ?? 0,
        fetchPage: (page) =>
          unwrap('idnow', 'listSessions', () =>
            raw.GET('/api/v1/flows/{flowId}/{environment}/sessions', {
              params: { path: { flowId, environment }, query: { ...query, page } },
              ...requestInit(fetcher, init),
            }),
          ),
        items: (p) => p.content ?? [],
        // Page numbering is undocumented: assume 0-based and also stop on an empty page (the Paginator does).
        next: (p, page) => (p.page && p.page.number + 1 >= p.page.totalPages ? undefined : page + 1),
        itemKey: (s) => s.sessionId,
        total: (p) => p.page?.totalElements,
      }),
    async listFlows(environment, options = {}, init) {
      const flows = new Map<string, IdnowFlowSummary>();
      let query: { page?: number; size?: number } =
        options.pageSize !== undefined ? { page: 1, size: options.pageSize } : {};
      for (let requests = 0; requests < MAX_FLOW_PAGES; requests++) {
        const list = await unwrap(
          'idnow',
          'listFlows',
          () =>
            raw.GET('/api/v1/flows/{environment}', {
              params: { path: { environment }, query },
              ...requestInit(fetcher, init),
            }),
          init,
        );
        for (const flow of list.content ?? []) flows.set(flow.id, flowSummaryOf(flow, environment));
        // The unpaged (.sx) shape has no `page`: that one response is everything. Pages are 1-based (dev1).
        const page = list.page;
        if (!page || (list.content ?? []).length === 0 || page.number >= page.totalPages) {
          return [...flows.values()];
        }
        if (query.page !== undefined && page.number < query.page) {
          throw new PaginationError(
            `idnow listFlows: expected page ${query.page} of ${page.totalPages}, received page ${page.number} again`,
          );
        }
        query = { page: page.number + 1, size: page.size };
      }
      throw new PaginationError(`idnow listFlows: expected at most ${MAX_FLOW_PAGES} pages, received more`);
    },
    createSession: (flowId, environment, body, init) =>
      unwrap(
        'idnow',
        'createSession',
        () =>
          raw.POST('/api/v1/flows/{flowId}/{environment}/sessions', {
            params: { path: { flowId, environment } },
            body,
            ...requestInit(fetcher, init),
          }),
        init,
      ),
    getFile,
    async downloadFile(environment, vaultEntryId, init) {
      const file = await getFile(environment, vaultEntryId, init);
      if (file.kind === 'content') return { bytes: file.bytes, contentType: file.contentType };
      return downloadPresigned(plainFetch, file.url, {
        timeoutMs: init?.timeoutMs ?? http.timeoutMs ?? 60_000,
        signal: init?.signal,
      });
    },
  };
}

function idnowAuth(o: {
  tokenUrl: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  scope: string | undefined;
  token: string | undefined;
  fetch: typeof fetch | undefined;
}): AuthStrategy {
  if (o.token) return bearerAuth(o.token);
  if (!o.clientId || !o.clientSecret) {
    throw new TypeError(
      'createIdnowClient: expected either `token` or both `clientId` and `clientSecret`, received neither',
    );
  }
  return clientCredentialsAuth({
    tokenUrl: normalizeBaseUrl(o.tokenUrl ?? DEFAULT_TOKEN_URL, 'tokenUrl'),
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    provider: 'idnow',
    ...(o.scope ? { scope: o.scope } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
}
