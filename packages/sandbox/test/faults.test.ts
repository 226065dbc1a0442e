import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { ccHeaders, get, verifaHeaders, yotiGet } from './helpers/requests.js';
import { SpecValidator } from './helpers/spec.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5, sessions: 40 });
});
afterAll(() => sandbox.stop());

const listCc = () =>
  get(`${sandbox.baseUrls.complycube}/workflowSessions?pageSize=5`, { headers: ccHeaders(sandbox) });

describe('faults', () => {
  it('failNext fails exactly `count` matching requests, then recovers', async () => {
    sandbox.resetStats();
    sandbox.setFaults('complycube', {
      failNext: [
        { operation: 'getWorkflowSession', status: 503, count: 2 },
        { operation: 'listWorkflowSessions', status: 429, count: 1, retryAfterSeconds: 7 },
      ],
    });
    const id = sandbox.truth().complycube.sessions[0]!.sessionId;
    const detail = () =>
      get(`${sandbox.baseUrls.complycube}/workflowSessions/${id}`, { headers: ccHeaders(sandbox) });
    const statuses = [(await detail()).status, (await detail()).status, (await detail()).status];
    expect(statuses).toEqual([503, 503, 200]);
    const limited = await listCc();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await listCc()).status).toBe(200);
    const stats = sandbox.stats().providers.complycube;
    expect(stats.requests).toBe(5);
    expect(stats.byOperation).toEqual({ getWorkflowSession: 3, listWorkflowSessions: 2 });
    expect(stats.status).toEqual({ '2xx': 2, '4xx': 0, '5xx': 2, '429': 1 });
    sandbox.setFaults('complycube', null);
  });

  it('rateLimit429Rate: 429 with Retry-After, or without it when retryAfterSeconds is null', async () => {
    sandbox.setFaults('verifa', { rateLimit429Rate: 1, retryAfterSeconds: 3 });
    const withHeader = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions`, {
      headers: verifaHeaders(sandbox),
    });
    expect(withHeader.status).toBe(429);
    expect(withHeader.headers.get('retry-after')).toBe('3');
    expect(withHeader.json).toEqual({ error: 'rate_limited', detail: 'HTTP 429', status_code: 429 });
    sandbox.setFaults('verifa', { rateLimit429Rate: 1, retryAfterSeconds: null });
    const without = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions`, {
      headers: verifaHeaders(sandbox),
    });
    expect(without.status).toBe(429);
    expect(without.headers.get('retry-after')).toBeNull();
    sandbox.setFaults('verifa', null);
  });

  it('resetRate destroys the socket and is counted', async () => {
    sandbox.resetStats();
    sandbox.setFaults('complycube', { resetRate: 1 });
    await expect(listCc()).rejects.toThrow();
    sandbox.setFaults('complycube', null);
    expect(sandbox.stats().providers.complycube.resets).toBe(1);
    expect((await listCc()).status).toBe(200);
  });

  it('hangRate never answers until the client aborts', async () => {
    sandbox.resetStats();
    sandbox.setFaults('complycube', { hangRate: 1 });
    const controller = new AbortController();
    const pending = fetch(`${sandbox.baseUrls.complycube}/workflowSessions`, {
      headers: ccHeaders(sandbox),
      signal: controller.signal,
    });
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow();
    sandbox.setFaults('complycube', null);
    expect(sandbox.stats().providers.complycube.hangs).toBe(1);
  });

  it('latencyMs delays the answer but still answers', async () => {
    sandbox.setFaults('verifa', { latencyMs: 120 });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30);
    const aborted = get(`${sandbox.baseUrls.verifa}/api/v1/sessions`, {
      headers: verifaHeaders(sandbox),
      signal: controller.signal,
    });
    // A client that gives up before the latency elapses gets nothing…
    await expect(aborted).rejects.toThrow();
    clearTimeout(timer);
    // …one that waits gets the normal answer.
    const res = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions`, { headers: verifaHeaders(sandbox) });
    expect(res.status).toBe(200);
    sandbox.setFaults('verifa', null);
  });

  it('errorRate answers errorStatus with the provider error body', async () => {
    sandbox.setFaults('yoti', { errorRate: 1, errorStatus: 502 });
    const res = await yotiGet(sandbox, `/sessions/${sandbox.yotiSessionIds()[0]}`);
    sandbox.setFaults('yoti', null);
    expect(res.status).toBe(502);
    expect(res.json).toEqual({ code: 'BAD_GATEWAY', message: 'HTTP 502' });
  });

  it('invalidJsonRate sends a 200 whose JSON does not parse', async () => {
    sandbox.setFaults('complycube', { invalidJsonRate: 1 });
    const res = await listCc();
    sandbox.setFaults('complycube', null);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('random faults are reproducible for the same seed and request sequence', async () => {
    const run = async (): Promise<number[]> => {
      const s = await startSandbox({
        seed: 9,
        sessions: 10,
        faults: { complycube: { errorRate: 0.3, rateLimit429Rate: 0.2 } },
      });
      try {
        const out: number[] = [];
        for (let i = 0; i < 30; i++) {
          out.push(
            (await get(`${s.baseUrls.complycube}/workflowSessions`, { headers: ccHeaders(s) })).status,
          );
        }
        return out;
      } finally {
        await s.stop();
      }
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 429, 500]));
  });

  it('schemaInvalidSessionIds makes those payloads fail the spec, others still pass', async () => {
    const spec = new SpecValidator();
    const [bad, good] = sandbox.truth().verifa.sessions.map((s) => s.sessionId);
    sandbox.setFaults('verifa', { schemaInvalidSessionIds: [bad!] });
    const badRes = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions/${bad}`, {
      headers: verifaHeaders(sandbox),
    });
    const goodRes = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions/${good}`, {
      headers: verifaHeaders(sandbox),
    });
    const list = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions?limit=100`, {
      headers: verifaHeaders(sandbox),
    });
    sandbox.setFaults('verifa', null);
    expect(badRes.json.created_at).toBe('yesterday');
    expect(badRes.json).not.toHaveProperty('status');
    expect(spec.validateResponse('verifa', 'getSession', 200, badRes.json).length).toBeGreaterThan(0);
    expect(spec.validateResponse('verifa', 'getSession', 200, goodRes.json)).toEqual([]);
    expect(spec.validateResponse('verifa', 'listSessions', 200, list.json).length).toBeGreaterThan(0);
  });

  it('admin API sets and clears faults; admin routes are never faulted or counted', async () => {
    sandbox.resetStats();
    const set = await get(`${sandbox.url}/_admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'complycube', errorRate: 1, errorStatus: 500 }),
    });
    expect(set.status).toBe(200);
    expect(set.json.faults).toMatchObject({ errorRate: 1 });
    expect((await listCc()).status).toBe(500);
    expect((await get(`${sandbox.url}/_admin/stats`)).status).toBe(200);
    const cleared = await get(`${sandbox.url}/_admin/faults?provider=complycube`, { method: 'DELETE' });
    expect(cleared.status).toBe(204);
    expect((await listCc()).status).toBe(200);
    const stats = (await get(`${sandbox.url}/_admin/stats`)).json;
    expect(stats.total).toBe(2);
    const badProvider = await get(`${sandbox.url}/_admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'onfido' }),
    });
    expect(badProvider.status).toBe(400);
  });
});

describe('rate limits', () => {
  it('ComplyCube token bucket: 429 rate_limit_exceeded without headers beyond the burst', async () => {
    const s = await startSandbox({
      seed: 3,
      sessions: 5,
      rateLimits: { complycube: { requestsPerSecond: 1, burst: 3 } },
    });
    try {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof get>> | undefined;
      for (let i = 0; i < 5; i++) {
        last = await get(`${s.baseUrls.complycube}/workflowSessions`, { headers: ccHeaders(s) });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses).toContain(429);
      expect(last!.json.type).toBe('rate_limit_exceeded');
      expect(last!.headers.get('retry-after')).toBeNull();
      expect(last!.headers.get('x-ratelimit-limit')).toBeNull();
      expect(s.stats().providers.complycube.status['429']).toBeGreaterThan(0);
      // Admin routes are never rate limited.
      for (let i = 0; i < 5; i++) expect((await get(`${s.url}/_admin/stats`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  it('rateLimits: true limits ComplyCube per key (test_ key 5/s burst 5) and leaves IDnow/Yoti alone', async () => {
    const s = await startSandbox({ seed: 3, sessions: 5, rateLimits: true });
    try {
      const results = await Promise.all(
        Array.from({ length: 15 }, () =>
          get(`${s.baseUrls.complycube}/workflowSessions`, { headers: ccHeaders(s) }),
        ),
      );
      const ok = results.filter((r) => r.status === 200).length;
      // The sandbox key is a test_ key: 5 req/s (live keys: 10, see complycube-rate-limit.test.ts).
      expect(ok).toBeGreaterThanOrEqual(5);
      expect(ok).toBeLessThan(15);
      const verifa = await get(`${s.baseUrls.verifa}/api/v1/sessions`, { headers: verifaHeaders(s) });
      expect(verifa.headers.get('x-ratelimit-limit')).toBe('300');
      const yoti = await Promise.all(
        Array.from({ length: 15 }, () => yotiGet(s, `/sessions/${s.yotiSessionIds()[0]}`)),
      );
      expect(yoti.every((r) => r.status === 200)).toBe(true);
    } finally {
      await s.stop();
    }
  });
});
