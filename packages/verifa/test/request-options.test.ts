import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiAbortError,
  createVerifaClient,
  PermissionDeniedError,
  type RequestOptions,
  ServerError,
  withResponse,
} from '../src/index.js';

/** A real HTTP server on 127.0.0.1: records each request's method, path and headers, answers with `reply`. */
let reply: (n: number) => { status: number; body?: unknown; headers?: Record<string, string> } = () => ({
  status: 503,
});
const seen: Array<{ method: string; path: string; headers: IncomingHttpHeaders }> = [];
const server = createServer((req, res) => {
  seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
  const r = reply(seen.length);
  res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
  res.end(r.body === undefined ? '' : JSON.stringify(r.body));
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);
beforeEach(() => {
  seen.length = 0;
  reply = () => ({ status: 503 });
});

const client = () =>
  createVerifaClient({ baseUrl: url, apiKey: 'vk_sandbox_x', initialRetryDelayMs: 1, maxRetryDelayMs: 2 });

/** Every operation of the client, called with per-call options. */
const operations: Array<[string, (o: RequestOptions) => Promise<unknown>]> = [
  ['getSession', (o) => client().getSession('s1', o)],
  ['getWorkflowRun', (o) => client().getWorkflowRun('s1', o)],
  ['listSessions', (o) => client().listSessions({}, o).toArray()],
  ['createSession', (o) => client().createSession({ external_ref: 'u1' }, { idempotencyKey: 'k-0', ...o })],
  ['getSessionResult', (o) => client().getSessionResult('s1', o)],
  ['listResults', (o) => client().listResults({}, o).toArray()],
  ['listDocuments', (o) => client().listDocuments('s1', o)],
  ['listWorkflows', (o) => client().listWorkflows({}, o).toArray()],
];

describe('verifa: per-call options on every operation', () => {
  it.each(operations)(
    '%s: maxRetries 0 makes exactly one request against a 503 (client default is 3)',
    async (_, call) => {
      await expect(call({ maxRetries: 0 })).rejects.toBeInstanceOf(ServerError);
      expect(seen).toHaveLength(1);
    },
  );

  it.each(operations)('%s: sends per-call headers and the Idempotency-Key', async (_, call) => {
    await call({ maxRetries: 0, headers: { 'X-Trace': 't-1' }, idempotencyKey: 'k-1' }).catch(
      () => undefined,
    );
    expect(seen[0]?.headers['x-trace']).toBe('t-1');
    expect(seen[0]?.headers['idempotency-key']).toBe('k-1');
  });

  it.each(operations)("%s: the caller's abort gives ApiAbortError", async (_, call) => {
    await expect(call({ signal: AbortSignal.abort(new Error('gave up')) })).rejects.toBeInstanceOf(
      ApiAbortError,
    );
    expect(seen).toHaveLength(0);
  });

  it('403 gives PermissionDeniedError with the response headers', async () => {
    reply = () => ({
      status: 403,
      body: { message: 'no' },
      headers: { 'x-request-id': 'r-403', 'set-cookie': 'a=b' },
    });
    const err = (await operations[0]?.[1]({}).catch((e: unknown) => e)) as PermissionDeniedError;
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err.headers['x-request-id']).toBe('r-403');
    expect(err.headers['set-cookie']).toBeUndefined();
  });

  it('withResponse gives data, status, request id and headers', async () => {
    reply = () => ({ status: 200, body: { id: 's1' }, headers: { 'x-request-id': 'r-1', 'x-custom': 'v' } });
    const result = await withResponse((o) => client().getSession('s1', o), { maxRetries: 0 });
    expect(result.status).toBe(200);
    expect(result.requestId).toBe('r-1');
    expect(result.headers['x-custom']).toBe('v');
    expect(result.data).toBeTruthy();
  });
});
