import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCommand } from '../src/commands/sync.js';
import { captureIO, configFor, testSandbox } from './support/harness.js';

const CAP = 256 * 1024;
/** Hard bounds of the endless server, so that even an uncapped client ends. */
const SAFETY_BYTES = 64 * 1024 * 1024;
const SAFETY_MS = 20_000;

/** A loopback server whose every answer is a 200 JSON body that never ends (until the client goes away). */
async function endlessServer() {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    const started = Date.now();
    let written = 0;
    let gone = false;
    res.on('close', () => {
      gone = true;
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"data":[');
    const chunk = Buffer.alloc(64 * 1024, ' ');
    const pump = () => {
      while (!gone) {
        if (written >= SAFETY_BYTES || Date.now() - started > SAFETY_MS) return void res.end(']}');
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fetch that sends the requests `divert` picks to the endless server, and the rest to the sandbox. */
function divertingFetch(endless: { origin: string }, divert: (url: URL) => boolean): typeof fetch {
  return (input, init) => {
    const url = new URL(String(input));
    return divert(url) ? fetch(`${endless.origin}${url.pathname}${url.search}`, init) : fetch(input, init);
  };
}

for (const target of testDatabases()) {
  describe(`provider responses over maxResponseBytes (${target.name})`, () => {
    let sandbox: Sandbox;
    let handle: Awaited<ReturnType<typeof target.open>>;
    let endless: Awaited<ReturnType<typeof endlessServer>>;
    beforeAll(async () => {
      sandbox = await testSandbox();
      handle = await target.open();
      endless = await endlessServer();
    });
    afterAll(async () => {
      await endless?.close();
      await sandbox?.stop();
      await handle?.close();
    });

    const config = () =>
      configFor(sandbox, (json) => {
        Object.assign(json.providers.verifa, { maxResponseBytes: CAP });
      });

    const sync = async (divert: (url: URL) => boolean, provider: string[]) => {
      const cap = captureIO();
      const result = await syncCommand(config(), { json: true, full: true, provider }, {}, cap.io, {
        handle,
        fetch: divertingFetch(endless, divert),
        http: { maxRetries: 2, initialRetryDelayMs: 5, maxRetryDelayMs: 20, timeoutMs: 30_000 },
      });
      return { result, stderr: cap.stderr() };
    };

    it('an over-size detail is quarantined at stage fetch (not retried); the other sessions are stored', async () => {
      const sessions = sandbox.truth().verifa.sessions;
      const victim = sessions[0]!.sessionId;
      const before = endless.requests();
      const { result } = await sync((url) => url.pathname.endsWith(`/api/v1/sessions/${victim}`), ['verifa']);
      expect(result.status).toBe('partial');
      expect(result.providers.verifa).toMatchObject({ status: 'partial', failed: 1 });
      expect(endless.requests() - before).toBe(1);
      const errors = await sql<{ session_id: string; stage: string; reason: string }>`
        SELECT session_id, stage, reason FROM idv.sync_errors WHERE run_id = ${result.runId}`.execute(
        handle.db,
      );
      expect(errors.rows).toEqual([
        {
          session_id: victim,
          stage: 'fetch',
          reason: expect.stringMatching(
            new RegExp(
              `^verifa getSession: GET .*/sessions/${victim}: response body too large: expected at most ${CAP} bytes`,
            ),
          ),
        },
      ]);
      const stored = await sql<{ session_id: string }>`
        SELECT session_id FROM idv.sessions WHERE provider = 'verifa'`.execute(handle.db);
      expect(stored.rows.map((r) => r.session_id).sort()).toEqual(
        sessions
          .map((s) => s.sessionId)
          .filter((id) => id !== victim)
          .sort(),
      );
    });

    it('an over-size list page fails that provider with a clear error; the others sync', async () => {
      const before = endless.requests();
      const { result } = await sync(
        (url) => url.pathname.endsWith('/verifa/api/v1/sessions'),
        ['verifa', 'complycube'],
      );
      expect(result.status).toBe('partial');
      expect(result.providers.verifa).toMatchObject({ status: 'failed' });
      expect(result.providers.verifa!.error).toMatch(
        new RegExp(
          `^verifa listSessions: GET .*/api/v1/sessions: response body too large: expected at most ${CAP} bytes`,
        ),
      );
      expect(result.providers.complycube!.status).toBe('succeeded');
      expect(endless.requests() - before).toBe(1);
    });
  });
}
