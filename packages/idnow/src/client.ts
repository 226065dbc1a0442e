import {
  type AuthStrategy,
  bearerAuth,
  clientCredentialsAuth,
  createHttpFetch,
  createOpenApiClient,
  type HttpOptions,
  normalizeBaseUrl,
  Paginator,
  type RequestOptions,
  requestInit,
  unwrap,
  userAgent,
} from '@idvkit/http';
import type { Client } from 'openapi-fetch';
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
}

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
  const raw = createOpenApiClient<paths>({
    provider: 'idnow',
    baseUrl: baseUrl ?? DEFAULT_BASE_URL,
    fetch: fetcher,
  });

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
