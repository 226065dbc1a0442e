import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import type { AttemptAbort } from './attempt-abort.js';
import { BodyLimitExceeded, readBodyCapped } from './read-body.js';
import { type Hop, MAX_REDIRECTS, redirectHop } from './redirect.js';

/** One attempt's request as the transport sends it. */
export interface TransportRequest {
  url: string;
  /** `url`, already parsed (when the caller has it). */
  parsedUrl?: URL | undefined;
  method: string;
  headers: Headers;
  body: ArrayBuffer | undefined;
  signal: AttemptAbort;
  redirect: RequestRedirect;
}

/** A response whose body was read whole (at most the cap): what openapi-fetch is then handed as a Response. */
export interface TransportResponse {
  status: number;
  statusText: string;
  /** Given to the Response as they are (it builds its Headers once). */
  headers: HeadersInit;
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
      // As a Blob: Node 20's fetch detaches a buffer body and then fails to re-send it after a 307/308.
      body: request.body ? new Blob([request.body]) : null,
      signal: request.signal.toSignal(),
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

let agent: Agent | undefined;

/** Shared by every client of the process, like fetch's global dispatcher: one connection pool per origin. */
function dispatcher(): Agent {
  agent ??= new Agent();
  return agent;
}

/**
 * The default transport: undici's dispatcher (`Agent.request`) instead of `fetch`. It sends the same request and
 * honours the same signal, redirect mode (follow up to 20, or manual) and body cap, but skips what `fetch` builds
 * around a call and nothing here needs (a WHATWG `Request`, its signal and stream, a `Response` with a body
 * stream): about a third of fetch's CPU per call on loopback (docs/benchmarks.md, issue 13). Redirects are
 * followed here ({@link redirectHop}). Like fetch it asks for gzip/deflate and decodes them (and br); the cap
 * applies to the decoded body too.
 */
export function dispatcherTransport(): Transport {
  return async (request, maxBytes) => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers['accept-encoding'] ??= 'gzip, deflate';
    let hop: Hop = {
      url: request.parsedUrl ?? new URL(request.url),
      method: request.method,
      headers,
      body: request.body ? Buffer.from(request.body) : null,
    };
    for (let redirects = 0; ; redirects++) {
      const res = await dispatcher().request({
        origin: hop.url.origin,
        path: `${hop.url.pathname}${hop.url.search}`,
        method: hop.method as Dispatcher.HttpMethod,
        headers: hop.headers,
        body: hop.body,
        // An emitter-shaped signal, which undici accepts: no AbortController per attempt.
        signal: request.signal as unknown as Dispatcher.RequestOptions['signal'],
      });
      const next =
        request.redirect === 'follow' && redirects < MAX_REDIRECTS
          ? redirectHop(hop, res.statusCode, single(res.headers.location))
          : undefined;
      if (!next) return readResponse(res, hop.method, maxBytes);
      // A redirect's own body is never read.
      await res.body.dump();
      hop = next;
    }
  };
}

async function readResponse(
  res: Dispatcher.ResponseData,
  method: string,
  maxBytes: number,
): Promise<TransportResponse> {
  const responseHeaders = headersInit(res.headers);
  if (res.statusCode === 204 || res.statusCode === 304 || method === 'HEAD') {
    res.body.resume();
    return { status: res.statusCode, statusText: '', headers: responseHeaders, bytes: null };
  }
  const declared = contentLength(res.headers['content-length']);
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
  const encoding = single(res.headers['content-encoding']);
  if (encoding) bytes = decode(bytes, encoding, maxBytes, res.statusCode);
  return {
    status: res.statusCode,
    statusText: '',
    headers: responseHeaders,
    // A view of the bytes read, not a copy: `new Response` takes it as it is.
    bytes: new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength),
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

type RawHeaders = Record<string, string | string[] | undefined>;

/** undici's header object as a Response takes it: as it is unless a header repeats (then as pairs). */
function headersInit(raw: RawHeaders): HeadersInit {
  for (const name in raw) {
    const value = raw[name];
    if (typeof value === 'string') continue;
    const pairs: [string, string][] = [];
    for (const [n, v] of Object.entries(raw)) {
      if (Array.isArray(v)) for (const one of v) pairs.push([n, one]);
      else if (v !== undefined) pairs.push([n, v]);
    }
    return pairs;
  }
  return raw as Record<string, string>;
}

/** A header's value as `Headers.get` gives it (repeated values joined). */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function contentLength(raw: string | string[] | undefined): number | undefined {
  const value = single(raw);
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}
