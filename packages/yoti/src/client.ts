import type { KeyObject } from 'node:crypto';
import {
  createHttpFetch,
  createOpenApiClient,
  type HttpOptions,
  normalizeBaseUrl,
  type RequestOptions,
  requestInit,
  unwrap,
  userAgent,
} from '@idvkit/http';
import type { Client } from 'openapi-fetch';
import { loadPrivateKey, readPrivateKeyFile } from './auth/private-key.js';
import { yotiAuth } from './auth/yoti-auth.js';
import type { components, paths } from './generated/schema.js';
import { PKG, VERSION } from './version.js';

/** Production IDV base URL. */
export const DEFAULT_BASE_URL = 'https://api.yoti.com/idverify/v1';

/** Options of {@link createYotiClient}. Give exactly one of `privateKey` and `privateKeyPath`. */
export interface YotiClientOptions extends HttpOptions {
  /** API base URL. Default {@link DEFAULT_BASE_URL}. */
  baseUrl?: string;
  /** The Yoti application's SDK id (a UUID). */
  sdkId: string;
  /** The application's private key as PEM text. */
  privateKey?: string;
  /** Path of the application's PEM private key file (read once, when the client is created). */
  privateKeyPath?: string;
}

/** Per-call options (`timeoutMs`, `maxRetries`, `headers`, `signal`, `idempotencyKey`). */
export type CallInit = RequestOptions;

/** Bytes of a media item with their content type. */
export interface MediaContent {
  contentType: string;
  bytes: Uint8Array;
}

/** The Yoti IDV client returned by {@link createYotiClient}. */
export interface YotiClient {
  /** The underlying openapi-fetch client (every request signed, retries and timeouts applied). */
  raw: Client<paths>;
  /** `GET /sessions/{sessionId}`. The result holds the secret `client_session_token`: never log or store it. */
  getSession(sessionId: string, init?: CallInit): Promise<components['schemas']['Session']>;
  /** `GET /sessions/{sessionId}/media/{mediaId}/content`; null when Yoti answers 204 (no content). */
  getMediaContent(sessionId: string, mediaId: string, init?: CallInit): Promise<MediaContent | null>;
}

/**
 * Creates a Yoti Identity Verification client that signs every request with the application's private key.
 * @throws TypeError when `sdkId` is missing, the key is missing/ambiguous/invalid, or `baseUrl` is invalid.
 * @see https://developers.yoti.com/identity-verification/retrieve-results
 */
export function createYotiClient(options: YotiClientOptions): YotiClient {
  const { baseUrl, sdkId, privateKey, privateKeyPath, ...http } = options;
  if (!sdkId)
    throw new TypeError('createYotiClient: expected `sdkId` (the Yoti SDK id), received an empty value');
  const base = normalizeBaseUrl(baseUrl ?? DEFAULT_BASE_URL);
  const fetcher = createHttpFetch({
    ...http,
    provider: 'yoti',
    auth: yotiAuth({ baseUrl: base, sdkId, privateKey: resolveKey(privateKey, privateKeyPath) }),
    userAgent: http.userAgent ?? userAgent(PKG, VERSION),
  });
  const raw = createOpenApiClient<paths>({ provider: 'yoti', baseUrl: base, fetch: fetcher });

  return {
    raw,
    getSession: (sessionId, init) =>
      unwrap(
        'yoti',
        'getSession',
        () =>
          raw.GET('/sessions/{sessionId}', {
            params: { path: { sessionId } },
            ...requestInit(fetcher, init),
          }),
        init,
      ),
    async getMediaContent(sessionId, mediaId, init) {
      let response: Response | undefined;
      const data = await unwrap(
        'yoti',
        'getMediaContent',
        async () => {
          const result = await raw.GET('/sessions/{sessionId}/media/{mediaId}/content', {
            params: { path: { sessionId, mediaId } },
            parseAs: 'arrayBuffer',
            ...requestInit(fetcher, init),
          });
          response = result.response;
          return result;
        },
        init,
      );
      if (!response || response.status === 204) return null;
      return {
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        bytes: new Uint8Array(data ?? new ArrayBuffer(0)),
      };
    },
  };
}

function resolveKey(privateKey: string | undefined, privateKeyPath: string | undefined): KeyObject {
  if (privateKey && privateKeyPath) {
    throw new TypeError('createYotiClient: expected one of `privateKey` and `privateKeyPath`, received both');
  }
  if (privateKey) return loadPrivateKey(privateKey);
  if (privateKeyPath) return readPrivateKeyFile(privateKeyPath);
  throw new TypeError(
    'createYotiClient: expected `privateKey` (PEM text) or `privateKeyPath`, received neither',
  );
}
