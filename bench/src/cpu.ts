import { createPrivateKey, type KeyObject, randomUUID, sign } from 'node:crypto';
import type { DbHandle, SessionRecord } from '@idvkit/db';
import type { RemoteSandbox } from './remote-sandbox.js';

/** One request as a client sent it (method, URL, headers; GET only in a sync). */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body as text (IDnow's token request). */
  body?: string;
}

/** CPU time (user + system) of this process while `fn` runs, ms. All threads count (undici, libuv's pool, GC). */
export async function cpuMsOf<T>(fn: () => Promise<T>): Promise<{ cpuMs: number; result: T }> {
  const before = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(before);
  return { cpuMs: (used.user + used.system) / 1000, result };
}

/** A fetch that records every request it passes on (for the floor and the naive CPU loop to replay). */
export function recordingFetch(): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const recording: typeof fetch = (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : String(input);
    const headers = new Headers(init?.headers ?? request?.headers);
    const body = init?.body;
    requests.push({
      method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
      url,
      headers: Object.fromEntries(headers.entries()),
      ...(body instanceof ArrayBuffer ? { body: Buffer.from(body).toString('utf8') } : {}),
      ...(typeof body === 'string' ? { body } : {}),
    });
    return fetch(input, init);
  };
  return { fetch: recording, requests };
}

/**
 * Re-signs a recorded Yoti request (the sandbox, like Yoti, refuses a nonce seen before): the bare minimum a
 * hand-written client must do, RSA-SHA256 over `METHOD&PATH?QUERY` with a fresh nonce and timestamp.
 */
export function yotiResigner(sandbox: RemoteSandbox): (r: RecordedRequest) => RecordedRequest {
  const base = new URL(sandbox.baseUrls.yoti);
  const basePath = base.pathname.replace(/\/+$/, '');
  const prefix = `${base.origin}${basePath}/`;
  const { sdkId, privateKeyPem } = sandbox.credentials.yoti;
  const key: KeyObject = createPrivateKey(privateKeyPem);
  return (r) => {
    if (!r.url.startsWith(prefix)) return r;
    const url = new URL(r.url);
    for (const name of ['sdkId', 'nonce', 'timestamp']) url.searchParams.delete(name);
    const query = [url.search.slice(1), `sdkId=${sdkId}`, `nonce=${randomUUID()}`, `timestamp=${Date.now()}`]
      .filter(Boolean)
      .join('&');
    const path = url.pathname.slice(basePath.length);
    const digest = sign('sha256', Buffer.from(`${r.method}&${path}?${query}`), key).toString('base64');
    return {
      method: r.method,
      url: `${url.origin}${url.pathname}?${query}`,
      headers: { ...r.headers, 'x-yoti-auth-digest': digest },
      ...(r.body !== undefined ? { body: r.body } : {}),
    };
  };
}

/**
 * Bare `fetch` + `JSON.parse` of each request, `concurrency` at a time (1: the naive sequential loop). Token
 * requests (POST) are replayed too, as they were sent. Returns the number of requests made.
 */
export async function replayBare(
  requests: readonly RecordedRequest[],
  concurrency: number,
  prepare: (r: RecordedRequest) => RecordedRequest,
): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = prepare(requests[next++]!);
      const res = await fetch(r.url, {
        method: r.method,
        headers: r.headers,
        ...(r.body !== undefined ? { body: r.body } : {}),
      });
      const text = await res.text();
      if (res.status >= 500 || res.status === 401 || res.status === 403) {
        throw new Error(`bare replay: ${r.method} ${new URL(r.url).pathname}: ${res.status}`);
      }
      if (text) JSON.parse(text);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return requests.length;
}

/** Every `step`-th element, starting at the first. */
export function sample<T>(xs: readonly T[], step: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < xs.length; i += Math.max(1, step)) out.push(xs[i]!);
  return out;
}

/** Per-session CPU of the naive loop: sequential replay of a sample of the requests + row-by-row writes. */
export async function naiveCpuPerSession(opts: {
  requests: readonly RecordedRequest[];
  records: readonly SessionRecord[];
  sessions: number;
  step: number;
  prepare: (r: RecordedRequest) => RecordedRequest;
  handle: DbHandle;
  writeRowByRow: (handle: DbHandle, s: SessionRecord) => Promise<void>;
}): Promise<{ fetchMsPerSession: number; writeMsPerSession: number; requests: number; rows: number }> {
  const reqs = sample(opts.requests, opts.step);
  const rows = sample(opts.records, opts.step);
  const fetched = await cpuMsOf(() => replayBare(reqs, 1, opts.prepare));
  const written = await cpuMsOf(async () => {
    for (const s of rows) await opts.writeRowByRow(opts.handle, s);
  });
  // The sample of requests is 1/step of all the sessions' requests.
  return {
    fetchMsPerSession: fetched.cpuMs / (opts.sessions / opts.step),
    writeMsPerSession: written.cpuMs / rows.length,
    requests: reqs.length,
    rows: rows.length,
  };
}
