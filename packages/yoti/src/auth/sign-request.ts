import { createSign, type KeyObject, randomUUID } from 'node:crypto';
import { normalizeBaseUrl } from '@idvkit/http';
import { VERSION, YOTI_SDK_NAME } from '../version.js';
import { loadPrivateKey } from './private-key.js';

/** Options of {@link signYotiRequest}. */
export interface SignYotiRequestOptions {
  /** The API base URL the request was built on; the signed path is relative to its path (`/idverify/v1`). */
  baseUrl: string;
  /** The Yoti application's SDK id. */
  sdkId: string;
  /** The application's private key: PEM text or a parsed KeyObject. */
  privateKey: string | KeyObject;
  /** Override the random UUID v4 nonce (tests). */
  nonce?: string;
  /** Override the timestamp in milliseconds since the epoch (tests). */
  timestamp?: number;
}

/**
 * Signs a request the way the official Yoti SDKs do and returns the signed copy:
 * 1. appends `sdkId`, `nonce`, `timestamp` (ms) to the query, in that order, after any existing parameters;
 * 2. signs `METHOD&PATH?QUERY`, PATH relative to the base URL's path, plus `&` + base64(body) when there is a body;
 * 3. RSA-SHA256 (PKCS#1 v1.5), base64, in `X-Yoti-Auth-Digest`; adds `X-Yoti-SDK`, `X-Yoti-SDK-Version` and
 *    `Accept: application/json` (unless an Accept header is set).
 * @throws TypeError when the request is not under `baseUrl` or the key is not an RSA private key.
 * @see https://developers.yoti.com/identity-verification/retrieve-results
 */
export async function signYotiRequest(request: Request, opts: SignYotiRequestOptions): Promise<Request> {
  const key = typeof opts.privateKey === 'string' ? loadPrivateKey(opts.privateKey) : opts.privateKey;
  const basePath = new URL(normalizeBaseUrl(opts.baseUrl)).pathname.replace(/\/+$/, '');
  const url = new URL(request.url);
  if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
    throw new TypeError(
      `yoti: cannot sign ${url.origin}${url.pathname}: it is not under the base path "${basePath}"`,
    );
  }

  const added = [
    `sdkId=${encodeURIComponent(opts.sdkId)}`,
    `nonce=${encodeURIComponent(opts.nonce ?? randomUUID())}`,
    `timestamp=${opts.timestamp ?? Date.now()}`,
  ];
  const existing = url.search.slice(1);
  const signedUrl = new URL(`${url.origin}${url.pathname}?${[existing, ...added].filter(Boolean).join('&')}`);

  const body = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : undefined;
  const method = request.method.toUpperCase();
  let message = `${method}&${signedUrl.pathname.slice(basePath.length) || '/'}${signedUrl.search}`;
  if (body && body.byteLength > 0) message += `&${Buffer.from(body).toString('base64')}`;
  const digest = createSign('RSA-SHA256').update(message).sign(key, 'base64');

  const headers = new Headers(request.headers);
  headers.set('X-Yoti-Auth-Digest', digest);
  headers.set('X-Yoti-SDK', YOTI_SDK_NAME);
  headers.set('X-Yoti-SDK-Version', VERSION);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  return new Request(signedUrl, {
    method,
    headers,
    body: body ?? null,
    signal: request.signal,
    redirect: request.redirect,
  });
}
