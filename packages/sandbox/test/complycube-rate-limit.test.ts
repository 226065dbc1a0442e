import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { get } from './helpers/requests.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const burst = (s: Sandbox, key: string, count: number) =>
  Promise.all(
    Array.from({ length: count }, () =>
      get(`${s.baseUrls.complycube}/workflowSessions?pageSize=1`, { headers: { Authorization: key } }),
    ),
  );
const okCount = (results: Array<{ status: number }>) => results.filter((r) => r.status === 200).length;

describe('ComplyCube rate limits by key', () => {
  it('off by default: the test_ key is not limited', async () => {
    sandbox = await startSandbox({ seed: 5, sessions: 3 });
    expect(okCount(await burst(sandbox, sandbox.credentials.complycube.apiKey, 20))).toBe(20);
  });

  it('rateLimits: true gives a test_ key 5 req/s and a live_ key its own 10 req/s bucket; 429 has no Retry-After', async () => {
    sandbox = await startSandbox({ seed: 5, sessions: 3, rateLimits: true });
    const { apiKey, liveApiKey } = sandbox.credentials.complycube;
    expect(apiKey.startsWith('test_')).toBe(true);
    expect(liveApiKey.startsWith('live_')).toBe(true);
    const test = await burst(sandbox, apiKey, 20);
    expect(okCount(test)).toBeGreaterThanOrEqual(5);
    expect(okCount(test)).toBeLessThan(10);
    const refused = test.find((r) => r.status === 429);
    expect(refused?.json).toMatchObject({ type: 'rate_limit_exceeded' });
    expect(refused?.headers.get('retry-after')).toBeNull();
    expect(refused?.headers.get('x-ratelimit-limit')).toBeNull();
    // The live key was not charged for the test key's requests.
    const live = await burst(sandbox, liveApiKey, 20);
    expect(okCount(live)).toBeGreaterThanOrEqual(10);
    expect(okCount(live)).toBeLessThan(20);
  });

  it('explicit numbers replace the per-key limits (the bench sets 10/s for the test key)', async () => {
    sandbox = await startSandbox({
      seed: 5,
      sessions: 3,
      rateLimits: { complycube: { requestsPerSecond: 10, burst: 10 } },
    });
    const results = await burst(sandbox, sandbox.credentials.complycube.apiKey, 20);
    expect(okCount(results)).toBeGreaterThanOrEqual(10);
    expect(okCount(results)).toBeLessThan(20);
  });

  it('an unknown key is charged to the provider bucket and answered 401, not 429, while it lasts', async () => {
    sandbox = await startSandbox({ seed: 5, sessions: 3, rateLimits: true });
    const res = await get(`${sandbox.baseUrls.complycube}/workflowSessions`, {
      headers: { Authorization: 'test_wrong' },
    });
    expect(res.status).toBe(401);
  });
});
