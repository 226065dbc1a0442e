import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Agent, type Dispatcher, interceptors } from 'undici';
import { BodyLimitExceeded, readBodyCapped } from './read-body.js';

/** One attempt's request as the transport sends it. */
export interface TransportRequest {
  url: string;
  method: string;
  headers: Headers;
  body: ArrayBuffer | undefined;
  signal: AbortSignal;
  redirect: RequestRedirect;
}

/** A response whose body was read whole (at most the cap): what openapi-fetch is then handed as a Response. */
export interface TransportResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** Null for 204 and 304 (no body). */
  bytes: Uint8Array<ArrayBuffer> | null;
}

/**
 * Sends one attempt and reads its body, at most `maxBytes` bytes.
 * @throws BodyLimitExceeded past the cap; the transport's own error when the request or the body fails.
 */
export type Transport = (request: TransportRequest, maxBytes: number) => Promise<TransportResponse>;

/** The transport on a fetch function (an injected one, or a `globalThis.fetch` that was replaced). */
export function fetchTransport(doFetch: typeof fetch): Transport {
  return async (request, maxBytes) => {
    const response = await doFetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
      redirect: request.redirect,
    });
    let bytes: Uint8Array<ArrayBuffer> | null = null;
    if (response.status !== 204 && response.status !== 304) {
      try {
        bytes = await readBodyCapped(response, maxBytes);
      } catch (error) {
        if (error instanceof BodyLimitExceeded)
          throw new BodyLimitExceeded(error.contentLength, response.status);
        throw error;
      }
    }
    return { status: response.status, statusText: response.statusText, headers: response.headers, bytes };
  };
}

let agents: { follow: Dispatcher; manual: Dispatcher } | undefined;

/** Shared by every client of the process, like fetch's global dispatcher: one connection pool per origin. */
function dispatchers() {
  if (!agents) {
    const agent = new Agent();
    agents = { manual: agent, follow: agent.compose(interceptors.redirect({ maxRedirections: 20 })) };
  }
  return agents;
}

/**
 * The default transport: undici's dispatcher (`Agent.request`) instead of `fetch`. It sends the same request and
 * honours the same signal, redirect mode (follow up to 20, or manual) and body cap, but skips what `fetch` builds
 * around a call and nothing here needs (a WHATWG `Request`, its signal and stream, a `Response` with a body
 * stream): about a third of fetch's CPU per call on loopback (docs/benchmarks.md, issue 13). Like fetch it asks
 * for gzip/deflate and decodes them (and br); the cap applies to the decoded body too.
 */
export function dispatcherTransport(): Transport {
  return async (request, maxBytes) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers['accept-encoding'] ??= 'gzip, deflate';
    const { follow, manual } = dispatchers();
    const res = await (request.redirect === 'manual' ? manual : follow).request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: request.method as Dispatcher.HttpMethod,
      headers,
      body: request.body ? Buffer.from(request.body) : null,
      signal: request.signal,
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else responseHeaders.append(name, value);
    }
    if (res.statusCode === 204 || res.statusCode === 304 || request.method === 'HEAD') {
      res.body.resume();
      return { status: res.statusCode, statusText: '', headers: responseHeaders, bytes: null };
    }
    const declared = contentLength(responseHeaders);
    if (declared !== undefined && declared > maxBytes) {
      res.body.destroy();
      throw new BodyLimitExceeded(declared, res.statusCode);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        res.body.destroy();
        throw new BodyLimitExceeded(undefined, res.statusCode);
      }
      chunks.push(chunk);
    }
    let bytes: Buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
    const encoding = responseHeaders.get('content-encoding');
    if (encoding) bytes = decode(bytes, encoding, maxBytes, res.statusCode);
    return {
      status: res.statusCode,
      statusText: '',
      headers: responseHeaders,
      // A view of the bytes read, not a copy: `new Response` takes it as it is.
      bytes: new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength),
    };
  };
}

/** Undoes the content codings fetch undoes (last applied first); an unknown coding is passed on as it is. */
function decode(bytes: Buffer, header: string, maxBytes: number, status: number): Buffer {
  const codings = header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean)
    .reverse();
  let out = bytes;
  for (const coding of codings) {
    const opts = { maxOutputLength: maxBytes };
    try {
      if (coding === 'gzip' || coding === 'x-gzip') out = gunzipSync(out, opts);
      else if (coding === 'deflate') out = inflateSync(out, opts);
      else if (coding === 'br') out = brotliDecompressSync(out, opts);
      else return out;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new BodyLimitExceeded(undefined, status);
      throw error;
    }
  }
  return out;
}

function contentLength(headers: Headers): number | undefined {
  const value = headers.get('content-length');
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}
