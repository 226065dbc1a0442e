import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiConnectionError,
  ApiError,
  AuthenticationError,
  createVerifaClient,
  NotFoundError,
  PaginationError,
  PathParameterError,
  RateLimitError,
  type Session,
  VERSION,
  type VerifaClientOptions,
  type VerifaErrorBody,
} from '../src/index.js';
import { type Reply, type SeenRequest, startLoopback } from './loopback.js';

const API_KEY = 'vk_sandbox_secret_7d1e4b';
let handler: (req: SeenRequest) => Reply = () => ({ status: 500 });
let server: Awaited<ReturnType<typeof startLoopback>>;

beforeAll(async () => {
  server = await startLoopback((req) => handler(req));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const client = (extra: Partial<VerifaClientOptions> = {}) =>
  createVerifaClient({ baseUrl: server.url, apiKey: API_KEY, initialRetryDelayMs: 1, ...extra });

const session = (id: string): Session => ({
  id,
  status: 'completed',
  is_sandbox: true,
  created_at: '2024-01-15T09:30:00Z',
  updated_at: '2024-01-15T09:31:10Z',
  checks: [{ id: `chk_${id}`, type: 'document', status: 'passed', completed_at: null }],
});

/** A list endpoint over `all`, honouring limit and offset; `claimTotal` overrides the reported total. */
const listOf =
  (all: Session[], claimTotal?: number) =>
  (req: SeenRequest): Reply => {
    const limit = Number(req.url.searchParams.get('limit') ?? '50');
    const offset = Number(req.url.searchParams.get('offset') ?? '0');
    return {
      body: {
        data: all.slice(offset, offset + limit),
        pagination: { total: claimTotal ?? all.length, limit, offset },
      },
      headers: {
        'x-ratelimit-limit': '300',
        'x-ratelimit-remaining': '299',
        'x-ratelimit-reset': '1736760000',
      },
    };
  };

describe('createVerifaClient', () => {
  it('sends X-API-Key, Verifa-Version, Key-Inflection: snake and the package User-Agent', async () => {
    handler = () => ({ body: session('ses_1') });
    const got = await client().getSession('ses_1');
    expect(got.checks?.[0]?.status).toBe('passed');
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req?.url.pathname).toBe('/api/v1/sessions/ses_1');
    expect(req?.headers['x-api-key']).toBe(API_KEY);
    expect(req?.headers['verifa-version']).toBe('2026-01-01');
    expect(req?.headers['key-inflection']).toBe('snake');
    expect(req?.headers.authorization).toBeUndefined();
    expect(req?.headers['user-agent']).toMatch(/^@idvkit\/verifa\/0\.1\.0 node\/v\d+/);
  });

  it('sends a pinned version when given, and validates it', async () => {
    handler = () => ({ body: session('ses_1') });
    await client({ version: '2026-02-01' }).getSession('ses_1');
    expect(server.requests[0]?.headers['verifa-version']).toBe('2026-02-01');
    expect(() => client({ version: 'latest' })).toThrow(/YYYY-MM-DD/);
  });

  it('gets a workflow run with open node results', async () => {
    handler = () => ({
      body: {
        id: 'wfr_1',
        session_id: 'ses_1',
        status: 'completed',
        final_status: 'approved',
        node_results: { doc: { policy: 'document_verification', result: 'pass', extra: true } },
      },
    });
    const run = await client().getWorkflowRun('ses_1');
    expect(server.requests[0]?.url.pathname).toBe('/api/v1/sessions/ses_1/workflow-run');
    expect(server.requests[0]?.headers['key-inflection']).toBe('snake');
    expect(run.final_status).toBe('approved');
    expect(run.node_results?.doc?.result).toBe('pass');
    expect(run.node_results?.doc?.extra).toBe(true);
  });

  it('rejects an empty apiKey and an empty id', async () => {
    expect(() => createVerifaClient({ apiKey: ' ' })).toThrow(TypeError);
    await expect(client().getSession('')).rejects.toBeInstanceOf(PathParameterError);
    expect(server.requests).toHaveLength(0);
  });

  it('keeps VERSION equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});

describe('listSessions', () => {
  it('walks 3 pages by offset + data.length until total, limit 100 by default', async () => {
    const all = Array.from({ length: 250 }, (_, i) => session(`ses_${i}`));
    handler = listOf(all);
    let count = 0;
    for await (const s of client().listSessions({ status: 'completed' })) {
      expect(s.id).toBe(`ses_${count}`);
      count++;
    }
    expect(count).toBe(250);
    expect(server.requests.map((r) => r.url.searchParams.get('offset'))).toEqual(['0', '100', '200']);
    for (const r of server.requests) {
      expect(r.url.searchParams.get('limit')).toBe('100');
      expect(r.url.searchParams.get('status')).toBe('completed');
      expect(r.url.searchParams.has('q')).toBe(false);
    }
  });

  it('stops at an empty page even when total claims more', async () => {
    handler = listOf(['a', 'b', 'c', 'd'].map(session), 99);
    const got = await client().listSessions({ limit: 2 }).toArray();
    expect(got.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(server.requests.map((r) => r.url.searchParams.get('offset'))).toEqual(['0', '2', '4']);
  });

  it('starts at startOffset and advances by the number of items actually returned', async () => {
    // The server caps pages at 2 items whatever limit says.
    handler = (req) => {
      const offset = Number(req.url.searchParams.get('offset'));
      const all = ['a', 'b', 'c', 'd', 'e'].map(session);
      return { body: { data: all.slice(offset, offset + 2), pagination: { total: 5, limit: 2, offset } } };
    };
    const got = await client().listSessions({ startOffset: 1, limit: 50 }).toArray();
    expect(got.map((s) => s.id)).toEqual(['b', 'c', 'd', 'e']);
    expect(server.requests.map((r) => r.url.searchParams.get('offset'))).toEqual(['1', '3']);
  });

  it('throws PaginationError when the server repeats the same page forever', async () => {
    handler = () => ({
      body: { data: [session('a'), session('b')], pagination: { total: 1000, limit: 2, offset: 0 } },
    });
    const walk = client().listSessions({ limit: 2 }).toArray();
    await expect(walk).rejects.toBeInstanceOf(PaginationError);
    expect(server.requests).toHaveLength(2);
  });

  it('throws PaginationError when the server serves two pages alternately, after 3 requests', async () => {
    let served = 0;
    handler = () => {
      const ids = served++ % 2 === 0 ? ['a', 'b'] : ['c', 'd'];
      return { body: { data: ids.map(session), pagination: { total: 1_000_000, limit: 2, offset: 0 } } };
    };
    const err = await client()
      .listSessions({ limit: 2 })
      .toArray()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as Error).message).toMatch(/page 3 .*repeats the 2 items of page 1/);
    expect(server.requests).toHaveLength(3);
  });
});

describe('errors', () => {
  it('throws NotFoundError with the parsed body, status, operation and request id', async () => {
    handler = () => ({
      status: 404,
      body: { error: 'not_found', detail: 'Session not found', status_code: 404 },
      headers: { 'x-request-id': 'req-vf-404' },
    });
    const err = await client()
      .getWorkflowRun('ses_missing')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as NotFoundError;
    expect(e.status).toBe(404);
    expect(e.provider).toBe('verifa');
    expect(e.operation).toBe('getSessionWorkflowRun');
    expect(e.requestId).toBe('req-vf-404');
    expect(e.method).toBe('GET');
    expect(e.url).toBe(`${server.url}/api/v1/sessions/ses_missing/workflow-run`);
    expect(e.body as VerifaErrorBody).toEqual({
      error: 'not_found',
      detail: 'Session not found',
      status_code: 404,
    });
    expect(e.message).toContain('Session not found');
    expect(server.requests).toHaveLength(1);
  });

  it('throws RateLimitError with Retry-After for a 429 when maxRetries is 0', async () => {
    handler = () => ({
      status: 429,
      body: { error: 'rate_limited', detail: 'Rate limit exceeded', status_code: 429 },
      headers: { 'retry-after': '7' },
    });
    const err = await client({ maxRetries: 0 })
      .listSessions()
      .toArray()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    const e = err as RateLimitError;
    expect(e.status).toBe(429);
    expect(e.operation).toBe('listSessions');
    expect(e.retryAfterMs).toBe(7000);
    expect(server.requests).toHaveLength(1);
  });

  it('never puts the API key in an error message, String(err) or JSON.stringify(err)', async () => {
    handler = () => ({
      status: 401,
      body: { error: 'unauthorized', detail: 'Invalid API key', status_code: 401 },
    });
    const auth = await client({ maxRetries: 0 })
      .getSession('ses_1')
      .catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(AuthenticationError);

    handler = () => ({ status: 404, body: { error: 'not_found', detail: 'nope', status_code: 404 } });
    const notFound = await client()
      .getWorkflowRun('ses_1')
      .catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(NotFoundError);

    const closed = await startLoopback(() => ({}));
    await closed.close();
    const connection = await createVerifaClient({ baseUrl: closed.url, apiKey: API_KEY, maxRetries: 0 })
      .getSession('ses_1')
      .catch((e: unknown) => e);
    expect(connection).toBeInstanceOf(ApiConnectionError);

    for (const err of [auth, notFound, connection]) {
      const e = err as Error;
      expect(e.message).not.toContain(API_KEY);
      expect(String(e)).not.toContain(API_KEY);
      expect(JSON.stringify(e)).not.toContain(API_KEY);
      expect(e.stack ?? '').not.toContain(API_KEY);
    }
  });
});
