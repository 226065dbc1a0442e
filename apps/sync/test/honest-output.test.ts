import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { syncCommand } from '../src/commands/sync.js';
import { emptyStats } from '../src/engine/stats.js';
import { clock, createProgress, wantsProgress } from '../src/output/progress.js';
import { WatchedRateLimiter } from '../src/output/watched-rate-limiter.js';
import { captureIO, configFor, testSandbox } from './support/harness.js';

// PGlite only: the output does not depend on the database.
const target = testDatabases().find((t) => t.name.toLowerCase().includes('pglite')) ?? testDatabases()[0]!;
type Handle = Awaited<ReturnType<typeof target.open>>;

let sandbox: Sandbox;
let handle: Handle;
beforeAll(async () => {
  sandbox = await testSandbox({ sessions: 6 });
  handle = await target.open();
});
afterAll(async () => {
  await handle.close();
  await sandbox.stop();
});

const quick = { maxRetries: 0, timeoutMs: 5_000 };
/** Only these providers of the sandbox config. */
const only = (...keep: string[]) =>
  configFor(sandbox, (json) => {
    const j = json as { providers: Record<string, unknown>; connections?: unknown };
    for (const p of Object.keys(j.providers)) if (!keep.includes(p)) delete j.providers[p];
    delete j.connections;
  });

describe('honest output', () => {
  it('--dry-run reports "would write", never "upserted"', async () => {
    const text = captureIO();
    await syncCommand(only('verifa'), { dryRun: true }, {}, text.io, { handle, http: quick });
    expect(text.stdout()).toMatch(/^run dry-run: succeeded \(dry run: nothing written\)\n/);
    expect(text.stdout()).toContain('would write');
    expect(text.stdout()).not.toContain('upserted');

    const json = captureIO();
    await syncCommand(only('verifa'), { dryRun: true, json: true }, {}, json.io, { handle, http: quick });
    const out = JSON.parse(json.stdout());
    expect(out.dryRun).toBe(true);
    expect(out.connections.verifa.wouldWrite).toBe(6);
    expect(out.connections.verifa).not.toHaveProperty('upserted');
  });

  it('a Yoti connection with nothing known says how to feed it', async () => {
    const text = captureIO();
    const result = await syncCommand(only('yoti'), {}, {}, text.io, { handle, http: quick });
    expect(result.connections.yoti?.listed).toBe(0);
    expect(text.stdout()).toMatch(
      /hints:\n {2}yoti: no yoti session ids known yet: yoti has no list endpoint, so feed them with webhooks .*, idvkit notifications, or idvkit enqueue yoti <ids>\n/,
    );
    const json = captureIO();
    await syncCommand(only('yoti'), { json: true }, {}, json.io, { handle, http: quick });
    expect(JSON.parse(json.stdout()).connections.yoti.hint).toMatch(/idvkit enqueue yoti/);
  });

  it('on a terminal, warnings print above the progress lines (info lines do not), with the elapsed time', async () => {
    const tty = captureIO({ TERM: 'xterm' });
    tty.io.isTTY = true;
    // Every Verifa session answers {}: each is quarantined with a warning.
    const broken: typeof fetch = async (input, init) => {
      const url = new Request(input, init).url;
      if (/\/verifa\/api\/v1\/sessions\/[^/?]+$/.test(url)) return Response.json({});
      return fetch(input, init);
    };
    await syncCommand(only('verifa'), {}, {}, tty.io, { handle, http: quick, fetch: broken });
    const err = tty.stderr();
    const warnings = err.match(/"level":"warn","msg":"record quarantined"/g) ?? [];
    expect(warnings).toHaveLength(6);
    expect(err).not.toContain('"level":"info"');
    // Each warning starts a fresh line after the progress lines were erased, and they are drawn again below it.
    const ERASE = new RegExp(`${String.fromCharCode(27)}\\[\\d+A${String.fromCharCode(27)}\\[0J`);
    expect(err).toMatch(new RegExp(`${ERASE.source}\\{"time":"[^"]+","level":"warn"[^\\n]*\\}\\nverifa`));
    expect(err).toMatch(/\nelapsed \d+:\d\d\n$/);
  });

  it('TERM=dumb and --no-progress draw no progress and write no cursor codes', async () => {
    for (const [env, flags] of [
      [{ TERM: 'dumb' }, {}],
      [{ TERM: 'xterm' }, { progress: false }],
    ] as const) {
      const cap = captureIO(env);
      cap.io.isTTY = true;
      await syncCommand(only('verifa'), flags, {}, cap.io, { handle, http: quick });
      expect(cap.stderr()).not.toContain('\x1b[');
      expect(cap.stderr()).not.toContain('elapsed');
    }
    expect(wantsProgress({ isTTY: true, env: {} }, {})).toBe(true);
    expect(wantsProgress({ isTTY: true, env: {} }, { json: true })).toBe(false);
    expect(wantsProgress({ isTTY: false, env: {} }, {})).toBe(false);
  });

  it('the progress lines say "waiting (rate limit)" while a connection waits on its limiter', async () => {
    const limiter = new WatchedRateLimiter({ requestsPerSecond: 0.5 });
    await limiter.acquire();
    const second = limiter.acquire(); // held for about 2 s by the limiter
    let t = 0;
    const lines: string[] = [];
    const progress = createProgress((s) => lines.push(s), ['verifa'], {
      now: () => t,
      state: () => ({ rateLimited: limiter.waiting }),
    });
    await new Promise((r) => setTimeout(r, 600));
    t = 65_000;
    progress.done();
    expect(lines.at(-1)).toMatch(/verifa .* · waiting \(rate limit\)\nelapsed 1:05\n$/);
    await second;
    expect(limiter.waiting).toBe(false);
    expect(clock(3_723_000)).toBe('1:02:03');
  });

  it('the ETA appears once listing is over, at the pace so far', () => {
    let t = 0;
    const lines: string[] = [];
    const progress = createProgress((s) => lines.push(s), ['verifa'], { now: () => t });
    const stats = { ...emptyStats(), listed: 100, fetched: 20, unchanged: 5 };
    t = 10_000;
    progress.update('verifa', stats);
    expect(lines.at(-1)).not.toContain('ETA');
    progress.listed('verifa');
    t = 10_200;
    progress.done();
    // 25 done in 10.2 s: 75 left take 30.6 s.
    expect(lines.at(-1)).toMatch(/verifa .* 25\/100 .* · ETA 0:31\nelapsed 0:10\n$/);
  });

  it('--help lists examples, exit codes and environment variables', async () => {
    const cap = captureIO();
    expect(await main(['--help'], cap.io)).toBe(0);
    const help = cap.stdout();
    expect(help).toMatch(
      /Examples:\n[\s\S]*idvkit init --sandbox[\s\S]*idvkit check[\s\S]*idvkit sync --json/,
    );
    expect(help).toMatch(/Exit codes:/);
    expect(help).toMatch(
      /Environment:[\s\S]*DATABASE_URL[\s\S]*IDVKIT_DATA_DIR[\s\S]*NO_COLOR[\s\S]*TERM=dumb/,
    );
    for (const cmd of ['init', 'check']) expect(help).toContain(`  ${cmd}`);
  });
});
