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
  const body = request.body ? await request.clone().arrayBuffer() : undefined;
  const method = request.method.toUpperCase();
  const signed = signYoti(method, request.url, body, opts);
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(signed.headers)) headers.set(name, value);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  return new Request(signed.url, {
    method,
    headers,
    body: body ?? null,
    signal: request.signal,
    redirect: request.redirect,
  });
}

/**
 * The signing itself, on the parts of a request: the signed URL and the headers to set.
 * @throws TypeError when the URL is not under `baseUrl` or the key is not an RSA private key.
 */
export function signYoti(
  method: string,
  requestUrl: string,
  body: ArrayBuffer | undefined,
  opts: SignYotiRequestOptions,
): { url: string; headers: Record<string, string> } {
  const key = typeof opts.privateKey === 'string' ? loadPrivateKey(opts.privateKey) : opts.privateKey;
  const basePath = new URL(normalizeBaseUrl(opts.baseUrl)).pathname.replace(/\/+$/, '');
  const url = new URL(requestUrl);
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

  let message = `${method.toUpperCase()}&${signedUrl.pathname.slice(basePath.length) || '/'}${signedUrl.search}`;
  if (body && body.byteLength > 0) message += `&${Buffer.from(body).toString('base64')}`;
  const digest = createSign('RSA-SHA256').update(message).sign(key, 'base64');
  return {
    url: signedUrl.href,
    headers: { 'X-Yoti-Auth-Digest': digest, 'X-Yoti-SDK': YOTI_SDK_NAME, 'X-Yoti-SDK-Version': VERSION },
  };
}
