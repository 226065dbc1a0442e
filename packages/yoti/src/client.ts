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
import type { MediaContent, MediaResult } from './media.js';
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

/** The session specification of {@link YotiClient.createSession} (`POST /sessions`). */
export type CreateSessionRequest = components['schemas']['CreateSessionRequest'];
/** `session_id` and the secret `client_session_token` of a new session. */
export type CreateSessionResponse = components['schemas']['CreateSessionResponse'];

/** The Yoti IDV client returned by {@link createYotiClient}. */
export interface YotiClient {
  /** The underlying openapi-fetch client (every request signed, retries and timeouts applied). */
  raw: Client<paths>;
  /** `GET /sessions/{sessionId}`. The result holds the secret `client_session_token`: never log or store it. */
  getSession(sessionId: string, init?: CallInit): Promise<components['schemas']['Session']>;
  /**
   * `POST /sessions`: creates a session from an inline specification and resolves to its `session_id` and
   * `client_session_token`. The token is a SECRET: hand it to the user's browser or app, never log or store it.
   * Signed over the body. Yoti documents no idempotency key, so this is never retried (a timed-out create may
   * still have created a session).
   * @throws BadRequestError (400, invalid specification), AuthenticationError (401/403), NotFoundError (404,
   * unknown SDK id), ServerError, ApiConnectionError.
   * @see https://developers.yoti.com/identity-verification/create-a-session
   */
  createSession(body: CreateSessionRequest, init?: CallInit): Promise<CreateSessionResponse>;
  /**
   * `DELETE /sessions/{sessionId}`: deletes the session and all its data.
   * @throws ConflictError (409) while the session's checks are still running: retry once it has completed.
   */
  deleteSession(sessionId: string, init?: CallInit): Promise<void>;
  /**
   * `GET /sessions/{sessionId}/media/{mediaId}/content`: the media's bytes, or `{ withheld: true }` when Yoti
   * answers 204 (regulations prevent returning it; not an error).
   * @throws NotFoundError when the session or media does not exist.
   */
  getMedia(sessionId: string, mediaId: string, init?: CallInit): Promise<MediaResult>;
  /**
   * `GET /sessions/{sessionId}/media/{mediaId}/content`; null when Yoti answers 204 (withheld).
   * Prefer {@link YotiClient.getMedia}, whose result says why there are no bytes.
   */
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

  const getMedia = async (sessionId: string, mediaId: string, init?: CallInit): Promise<MediaResult> => {
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
    if (!response || response.status === 204) return { withheld: true };
    return {
      withheld: false,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      bytes: new Uint8Array(data ?? new ArrayBuffer(0)),
    };
  };

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
    createSession: (body, init) =>
      unwrap(
        'yoti',
        'createSession',
        () => raw.POST('/sessions', { body, ...requestInit(fetcher, noIdempotencyKey(init)) }),
        init,
      ),
    async deleteSession(sessionId, init) {
      await unwrap(
        'yoti',
        'deleteSession',
        () =>
          raw.DELETE('/sessions/{sessionId}', {
            params: { path: { sessionId } },
            parseAs: 'text',
            ...requestInit(fetcher, init),
          }),
        init,
      );
    },
    getMedia,
    async getMediaContent(sessionId, mediaId, init) {
      const media = await getMedia(sessionId, mediaId, init);
      return media.withheld ? null : { contentType: media.contentType, bytes: media.bytes };
    },
  };
}

/**
 * Yoti documents no idempotency key: one given here would make the transport retry a create that may already
 * have succeeded, so it is refused rather than silently sent.
 */
function noIdempotencyKey(init: CallInit | undefined): CallInit | undefined {
  if (init?.idempotencyKey !== undefined) {
    throw new TypeError(
      'yoti createSession: expected no `idempotencyKey` (Yoti documents none, so a retried create could create a second session), received one',
    );
  }
  return init;
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
