import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BadRequestError, type Check, createComplyCubeClient, ServerError } from '../src/index.js';
import { type Reply, type SeenRequest, startLoopback } from './loopback.js';

const API_KEY = 'test_cc_secret_key_write';
let handler: (req: SeenRequest) => Reply = () => ({ status: 500 });
let server: Awaited<ReturnType<typeof startLoopback>>;

beforeAll(async () => {
  server = await startLoopback((req) => handler(req));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const client = () =>
  createComplyCubeClient({
    baseUrl: `${server.url}/v1`,
    apiKey: API_KEY,
    initialRetryDelayMs: 1,
    maxRetries: 2,
  });

const check = (id: string): Check => ({
  id,
  type: 'document_check',
  status: 'complete',
  result: { outcome: 'rejected', breakdown: { formatAnalysis: { outcome: 'attention' } } },
  createdAt: '2025-01-13T11:35:40.000Z',
});

describe('ComplyCube write operations and listChecks', () => {
  it('createFlowSession POSTs /flow/sessions with the raw key and returns only redirectUrl', async () => {
    handler = () => ({ body: { redirectUrl: 'https://flow.complycube.com/session/abc' } });
    const created = await client().createFlowSession({
      clientId: 'c1',
      workflowTemplateId: 't1',
      successUrl: 'https://example.com/ok',
      cancelUrl: 'https://example.com/cancel',
    });
    expect(created).toEqual({ redirectUrl: 'https://flow.complycube.com/session/abc' });
    const [req] = server.requests;
    expect([req?.method, req?.url.pathname]).toEqual(['POST', '/v1/flow/sessions']);
    expect(req?.headers.authorization).toBe(API_KEY);
    expect(req?.headers['content-type']).toMatch(/application\/json/);
  });

  it('complete and cancel POST to the session path; a 400 becomes BadRequestError', async () => {
    handler = (req) =>
      req.url.pathname.endsWith('/complete')
        ? { body: { status: 'processing' } }
        : { status: 400, body: { type: 'invalid_request', message: 'not started', param: 'id' } };
    expect(await client().completeWorkflowSession('wfs1')).toEqual({ status: 'processing' });
    await expect(client().cancelWorkflowSession('wfs1')).rejects.toBeInstanceOf(BadRequestError);
    expect(server.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'POST /v1/workflowSessions/wfs1/complete',
      'POST /v1/workflowSessions/wfs1/cancel',
    ]);
  });

  it('a create without an idempotency key is sent once; with one it is retried with the same key', async () => {
    handler = () => ({ status: 503, body: { type: 'internal_server_error' } });
    const body = {
      type: 'person' as const,
      email: 'a@b.c',
      personDetails: { firstName: 'A', lastName: 'B' },
    };
    await expect(client().createClient(body)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
    server.requests.length = 0;
    await expect(client().createClient(body, { idempotencyKey: 'key-1' })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['key-1', 'key-1', 'key-1']);
  });

  it('listChecks walks every page and sends the filters, including result.outcome', async () => {
    const all = [check('k1'), check('k2'), check('k3')];
    handler = (req) => {
      const page = Number(req.url.searchParams.get('page'));
      return {
        body: { page, pageSize: 2, totalItems: 3, pages: 2, items: all.slice((page - 1) * 2, page * 2) },
      };
    };
    const seen: string[] = [];
    for await (const c of client().listChecks({
      clientId: 'c1',
      'result.outcome': 'rejected',
      pageSize: 2,
    })) {
      seen.push(c.id);
    }
    expect(seen).toEqual(['k1', 'k2', 'k3']);
    expect(server.requests).toHaveLength(2);
    const q = server.requests[0]?.url.searchParams;
    expect([q?.get('clientId'), q?.get('result.outcome'), q?.get('page')]).toEqual(['c1', 'rejected', '1']);
  });
});
