import { type KeyObject, randomUUID, sign } from 'node:crypto';
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
  const prepared = prepareYotiSignature(method, requestUrl, body, basePathOf(opts.baseUrl), opts);
  return signedParts(prepared.url, sign('sha256', prepared.message, key).toString('base64'));
}

/**
 * {@link signYoti} with the RSA signature computed on libuv's thread pool (`crypto.sign`'s callback form), so the
 * ~0.5–1 ms private-key operation of every request does not hold the event loop. `basePath` is
 * {@link basePathOf} of the base URL, computed once by the caller.
 */
export async function signYotiOffThread(
  method: string,
  requestUrl: string,
  body: ArrayBuffer | undefined,
  basePath: string,
  opts: { sdkId: string; privateKey: KeyObject },
): Promise<{ url: string; headers: Record<string, string> }> {
  const prepared = prepareYotiSignature(method, requestUrl, body, basePath, opts);
  const digest = await new Promise<Buffer>((resolve, reject) =>
    sign('sha256', prepared.message, opts.privateKey, (err, signature) =>
      err ? reject(err) : resolve(signature),
    ),
  );
  return signedParts(prepared.url, digest.toString('base64'));
}

/** The path of a base URL that signed paths are relative to (`/idverify/v1`), without trailing slashes. */
export function basePathOf(baseUrl: string): string {
  return new URL(normalizeBaseUrl(baseUrl)).pathname.replace(/\/+$/, '');
}

function prepareYotiSignature(
  method: string,
  requestUrl: string,
  body: ArrayBuffer | undefined,
  basePath: string,
  opts: { sdkId: string; nonce?: string; timestamp?: number },
): { url: string; message: Buffer } {
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
  return { url: signedUrl.href, message: Buffer.from(message) };
}

function signedParts(url: string, digest: string): { url: string; headers: Record<string, string> } {
  return {
    url,
    headers: { 'X-Yoti-Auth-Digest': digest, 'X-Yoti-SDK': YOTI_SDK_NAME, 'X-Yoti-SDK-Version': VERSION },
  };
}
