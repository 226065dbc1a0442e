import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createVerifaClient,
  type ResultListItem,
  ServerError,
  UnprocessableEntityError,
  type VerifaClient,
} from '../src/index.js';

/** A real HTTP server on 127.0.0.1 that records each request (with its body) and answers with `reply`. */
interface Seen {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}
let reply: (req: Seen, n: number) => { status: number; body?: unknown } = () => ({ status: 503 });
const seen: Seen[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const r: Seen = {
      method: req.method ?? '',
      url: new URL(req.url ?? '/', 'http://loopback'),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    seen.push(r);
    const out = reply(r, seen.length);
    res.writeHead(out.status, { 'content-type': 'application/json' });
    res.end(out.body === undefined ? '' : JSON.stringify(out.body));
  });
});
let client: VerifaClient;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = createVerifaClient({
    baseUrl: url,
    apiKey: 'vk_sandbox_x',
    initialRetryDelayMs: 1,
    maxRetryDelayMs: 2,
  });
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
});

const created = {
  id: 'ses_1',
  status: 'pending',
  capture_url: 'https://v.example/verify/t',
  is_sandbox: true,
};

describe('verifa createSession', () => {
  it('POSTs the JSON body; with an idempotency key a 503 is retried with the same key', async () => {
    reply = (_req, n) => (n < 3 ? { status: 503 } : { status: 201, body: created });
    const session = await client.createSession(
      { external_ref: 'user-1', metadata: { plan: 'pro' } },
      { idempotencyKey: 'create-1' },
    );
    expect(session).toEqual(created);
    expect(seen).toHaveLength(3);
    for (const r of seen) {
      expect(r.method).toBe('POST');
      expect(r.url.pathname).toBe('/api/v1/sessions');
      expect(r.headers['idempotency-key']).toBe('create-1');
      expect(r.headers['content-type']).toContain('application/json');
      expect(JSON.parse(r.body)).toEqual({ external_ref: 'user-1', metadata: { plan: 'pro' } });
    }
  });

  it('without a key a 503 is not retried', async () => {
    reply = () => ({ status: 503 });
    await expect(client.createSession({ external_ref: 'user-1' })).rejects.toBeInstanceOf(ServerError);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers['idempotency-key']).toBeUndefined();
  });

  it('sends {} when no body is given; 422 idempotency_mismatch is an UnprocessableEntityError, not retried', async () => {
    reply = () => ({
      status: 422,
      body: { error: 'idempotency_mismatch', detail: 'different body', status_code: 422 },
    });
    const err = await client.createSession(undefined, { idempotencyKey: 'k' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect((err as UnprocessableEntityError).body).toMatchObject({ error: 'idempotency_mismatch' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.body).toBe('{}');
  });

  it('refuses a body that is not an object before any request', async () => {
    // @ts-expect-error: a string is not a CreateSessionRequest
    await expect(client.createSession('user-1')).rejects.toThrow(
      'createSession: expected the body as an object, received string',
    );
    expect(seen).toHaveLength(0);
  });
});

describe('verifa listResults and listWorkflows', () => {
  const item = (i: number): ResultListItem => ({ session_id: `ses_${i}`, status: 'approved' });

  it('sends the window (Dates as ISO 8601) and stops at a short page even without a total', async () => {
    reply = (req) => {
      const offset = Number(req.url.searchParams.get('offset'));
      const ids = offset === 0 ? [0, 1] : [2];
      return { status: 200, body: { data: ids.map(item), pagination: { limit: 2, offset } } };
    };
    const results = await client
      .listResults({
        created_after: new Date('2026-10-01T00:00:00Z'),
        created_before: '2026-10-02T00:00:00Z',
        status: 'approved',
        limit: 2,
      })
      .toArray();
    expect(results.map((r) => r.session_id)).toEqual(['ses_0', 'ses_1', 'ses_2']);
    expect(seen.map((r) => r.url.searchParams.get('offset'))).toEqual(['0', '2']);
    const q = seen[0]?.url.searchParams;
    expect(q?.get('created_after')).toBe('2026-10-01T00:00:00.000Z');
    expect(q?.get('created_before')).toBe('2026-10-02T00:00:00Z');
    expect(q?.get('status')).toBe('approved');
  });

  it('stops at pagination.total when the last page is full', async () => {
    reply = (req) => {
      const offset = Number(req.url.searchParams.get('offset'));
      return {
        status: 200,
        body: { data: [item(offset), item(offset + 1)], pagination: { total: 4, limit: 2, offset } },
      };
    };
    expect(await client.listResults({ limit: 2 }).toArray()).toHaveLength(4);
    expect(seen).toHaveLength(2);
  });

  it('refuses an invalid Date in the window before any request', () => {
    expect(() => client.listResults({ created_after: new Date('nope') })).toThrow(
      /expected created_after as an ISO 8601 string or a valid Date/,
    );
    expect(seen).toHaveLength(0);
  });

  it('an unpaged workflows answer (no pagination block) is the whole list: one request', async () => {
    reply = () => ({
      status: 200,
      body: {
        data: [
          { id: 'wfl_1', name: 'KYC', version: 2, is_default: true },
          { id: 'wfl_2', version: '1' },
        ],
      },
    });
    const workflows = await client.listWorkflows({ limit: 2 }).toArray();
    expect(workflows.map((w) => [w.id, w.version])).toEqual([
      ['wfl_1', 2],
      ['wfl_2', '1'],
    ]);
    expect(seen).toHaveLength(1);
  });
});
