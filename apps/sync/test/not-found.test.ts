import { enqueueDiscovered } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCommand } from '../src/commands/sync.js';
import { captureIO, configFor, testSandbox } from './support/harness.js';

type Handle = Awaited<ReturnType<ReturnType<typeof testDatabases>[number]['open']>>;
type Provider = 'idnow' | 'yoti' | 'complycube' | 'verifa';

/** Runs in which a never-stored session answers 404 before the sync stops asking for it. */
const BOUND = 3;

/**
 * A fetch that counts the requests naming `victim` and, for the list-based providers, makes the provider answer
 * 404 for its detail (the request goes to the sandbox with an id it does not know). Yoti's requests are signed
 * over their path, so its victim is an id the sandbox never had: the 404 is the sandbox's own.
 */
function goneFetch(victim: string, seen: { requests: number }): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (!url.pathname.includes(`/${victim}`)) return fetch(request);
    seen.requests++;
    if (url.pathname.startsWith('/yoti/')) return fetch(request);
    url.pathname = url.pathname.replace(new RegExp(`/${victim}$`), `/${victim}-gone`);
    return fetch(new Request(url, request));
  };
}

async function sync(
  handle: Handle,
  sandbox: Sandbox,
  provider: Provider,
  fetchImpl?: typeof fetch,
  full = false,
) {
  const result = await syncCommand(
    configFor(sandbox),
    { json: true, provider: [provider], full },
    {},
    captureIO().io,
    {
      handle,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      http: { maxRetries: 2, initialRetryDelayMs: 5, maxRetryDelayMs: 20, timeoutMs: 5_000 },
    },
  );
  const errors = await sql<{ session_id: string; stage: string; reason: string }>`
    SELECT session_id, stage, reason FROM idv.sync_errors WHERE run_id = ${result.runId}`.execute(handle.db);
  return { result, errors: errors.rows, stats: result.providers[provider]! };
}

async function storedRow(handle: Handle, provider: string, sessionId: string) {
  const { rows } = await sql<{ provider_deleted_at: Date | null }>`
    SELECT provider_deleted_at FROM idv.sessions WHERE provider = ${provider} AND session_id = ${sessionId}`.execute(
    handle.db,
  );
  return rows[0];
}

const GHOST = '00000000-0000-4000-8000-00000000dead';

// Not ComplyCube: it takes a listed session from its list item and asks for no detail, so a listed session
// cannot 404; its by-id reads (the --full deletion check) are counted in requests-complycube.test.ts.
const CASES: Array<[Provider, 'listed' | 'discovered']> = [
  ['yoti', 'discovered'],
  ['idnow', 'listed'],
  ['verifa', 'listed'],
];

for (const target of testDatabases()) {
  describe(`a 404 for a session that is not stored yet (${target.name})`, () => {
    let sandbox: Sandbox;
    let handle: Handle;
    beforeAll(async () => {
      sandbox = await testSandbox();
      handle = await target.open();
    });
    afterAll(async () => {
      await sandbox?.stop();
      await handle?.close();
    });

    it.each(CASES)(
      `%s: quarantined at stage fetch, run partial, for ${BOUND} runs; then no longer requested`,
      async (provider, how) => {
        const victim = provider === 'yoti' ? GHOST : sandbox.truth()[provider].sessions[0]!.sessionId;
        if (provider === 'yoti') {
          await enqueueDiscovered(handle.db, 'yoti', [{ sessionId: victim, source: 'test' }], new Date());
        }
        const seen = { requests: 0 };
        const gone = goneFetch(victim, seen);
        for (let run = 1; run <= BOUND; run++) {
          seen.requests = 0;
          const { result, errors, stats } = await sync(handle, sandbox, provider, gone);
          expect(seen.requests, `run ${run} asks for it once`).toBe(1);
          expect(result.status).toBe('partial');
          expect(stats).toMatchObject({ status: 'partial', failed: 1, deleted: 0 });
          expect(errors).toEqual([
            {
              session_id: victim,
              stage: 'fetch',
              reason: expect.stringMatching(`^not found at the provider \\(404\\) although it was ${how}`),
            },
          ]);
          expect(errors[0]!.reason).toMatch(run < BOUND ? `run ${run} of ${BOUND}` : /given up/);
        }
        seen.requests = 0;
        const after = await sync(handle, sandbox, provider, gone);
        expect(seen.requests).toBe(0);
        expect(after.result.status).toBe('succeeded');
        expect(after.stats.failed).toBe(0);
        expect(after.errors).toEqual([]);
        expect(await storedRow(handle, provider, victim)).toBeUndefined();
      },
    );

    it('yoti: a given-up id that is discovered again is asked for once more, then given up again', async () => {
      const seen = { requests: 0 };
      // Discovered again after the sync gave up on it (a notification arrives).
      await enqueueDiscovered(handle.db, 'yoti', [{ sessionId: GHOST, source: 'notification' }], new Date());
      const again = await sync(handle, sandbox, 'yoti', goneFetch(GHOST, seen));
      expect(seen.requests).toBe(1);
      expect(again.result.status).toBe('partial');
      expect(again.errors[0]!.reason).toMatch(/given up/);
      seen.requests = 0;
      await sync(handle, sandbox, 'yoti', goneFetch(GHOST, seen));
      expect(seen.requests).toBe(0);
    });

    it('a stored session that 404s is marked provider_deleted, not an error (list: --full; queue: discovered)', async () => {
      const victim = sandbox.truth().verifa.sessions[1]!.sessionId;
      await sync(handle, sandbox, 'verifa');
      expect(await storedRow(handle, 'verifa', victim)).toEqual({ provider_deleted_at: null });
      const seen = { requests: 0 };
      const verifa = await sync(handle, sandbox, 'verifa', goneFetch(victim, seen), true);
      expect(seen.requests).toBe(1);
      expect(verifa.result.status).toBe('succeeded');
      expect(verifa.stats).toMatchObject({ failed: 0, deleted: 1 });
      expect(verifa.errors).toEqual([]);
      expect((await storedRow(handle, 'verifa', victim))?.provider_deleted_at).toBeInstanceOf(Date);

      const ids = sandbox.yotiSessionIds();
      await enqueueDiscovered(
        handle.db,
        'yoti',
        ids.map((sessionId) => ({ sessionId, source: 'test' })),
        new Date(),
      );
      expect((await sync(handle, sandbox, 'yoti')).result.status).toBe('succeeded');
      const change = await sandbox.advance({ minutes: 1, deleteOlderThanDays: 80 });
      const deleted = change.deleted.yoti;
      expect(deleted.length).toBeGreaterThan(0);
      await enqueueDiscovered(
        handle.db,
        'yoti',
        deleted.map((sessionId) => ({ sessionId, source: 'notification' })),
        new Date(),
      );
      const yoti = await sync(handle, sandbox, 'yoti');
      expect(yoti.result.status).toBe('succeeded');
      expect(yoti.stats).toMatchObject({ failed: 0, deleted: deleted.length });
      expect(yoti.errors).toEqual([]);
      for (const id of deleted) {
        expect((await storedRow(handle, 'yoti', id))?.provider_deleted_at).toBeInstanceOf(Date);
      }
      // Marked deleted, they are not asked for again (until discovered again).
      const asked = { requests: 0 };
      const counting: typeof fetch = (input, init) => {
        const url = new Request(input, init).url;
        if (deleted.some((id) => url.includes(id))) asked.requests++;
        return fetch(input, init);
      };
      expect((await sync(handle, sandbox, 'yoti', counting)).result.status).toBe('succeeded');
      expect(asked.requests).toBe(0);
    });
  });
}
