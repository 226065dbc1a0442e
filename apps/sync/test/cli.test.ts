import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@idvkit/db';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { captureIO } from './support/harness.js';

const tmp = mkdtempSync(join(tmpdir(), 'idvkit-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const goodConfig = join(tmp, 'good.json');
writeFileSync(
  goodConfig,
  JSON.stringify({
    providers: { verifa: { apiKey: 'vk_sandbox_SECRET123', baseUrl: 'http://127.0.0.1:9' } },
  }),
);
const twoYoti = join(tmp, 'two-yoti.json');
const yotiConnection = { provider: 'yoti', sdkId: 'sdk', privateKeyPath: join(tmp, 'no-key.pem') };
writeFileSync(
  twoYoti,
  JSON.stringify({ connections: { 'yoti-uk': yotiConnection, 'yoti-eu': yotiConnection } }),
);
const brokenJson = join(tmp, 'broken.json');
writeFileSync(brokenJson, '{ "providers": { "verifa": { "apiKey": "vk_live_SECRET456" } }');

describe('bad input: one clear line, exit code 2, nothing written', () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'a non-numeric --concurrency',
      ['--config', goodConfig, 'sync', '--concurrency', 'abc'],
      /--concurrency: expected a positive integer, received "abc"/,
    ],
    [
      'a bad --since',
      ['--config', goodConfig, 'sync', '--since', 'yesterday'],
      /--since: expected an ISO 8601 date/,
    ],
    [
      'an unconfigured --provider',
      ['--config', goodConfig, 'sync', '--provider', 'idnow'],
      /--provider: expected one of the configured providers \(verifa\), received "idnow"/,
    ],
    [
      'a missing config file',
      ['--config', join(tmp, 'nope.json'), 'sync'],
      /config: expected a config file at .*nope\.json/,
    ],
    [
      'a config that is not JSON',
      ['--config', brokenJson, 'sync'],
      /config: expected valid JSON in .*broken\.json, received text that does not parse/,
    ],
    ['an unknown command', ['synk'], /unknown command 'synk'/],
    ['an unknown option', ['sync', '--fulll'], /unknown option '--fulll'/],
    [
      'an unknown report',
      ['report', 'nope'],
      /report: expected one of outcomes, daily-outcomes, .*received "nope"/,
    ],
    [
      'a filter a report cannot apply',
      ['report', 'sync-health', '--flow', 'f1'],
      /--flow: the sync-health report cannot be filtered by it/,
    ],
    [
      'enqueue for a listed provider',
      ['enqueue', 'verifa', 'ses_1'],
      /enqueue: expected a provider without a list endpoint \(yoti\), received "verifa"/,
    ],
    [
      'enqueue of a malformed id',
      ['enqueue', 'yoti', 'a b'],
      /enqueue: expected each session id to be an id of 1 to 200 letters, digits, .*received "a b"/,
    ],
    [
      'enqueue with several Yoti connections and no --connection',
      ['--config', twoYoti, 'enqueue', 'yoti', 's1'],
      /--connection: expected the yoti connection the ids belong to \(yoti-uk, yoti-eu\), received none/,
    ],
    [
      'enqueue for a connection not configured',
      ['--config', twoYoti, 'enqueue', 'yoti', 's1', '--connection', 'yoti-us'],
      /--connection: expected a configured yoti connection \(yoti-uk, yoti-eu\), received "yoti-us"/,
    ],
    [
      'enqueue of a dot segment',
      ['enqueue', 'yoti', 's1', '..'],
      /enqueue: expected each session id .*received "\.\."/,
    ],
    ['a non-postgres --database', ['--database', 'mysql://x', 'runs'], /database: expected a postgres:\/\//],
  ];
  it.each(cases)('%s', async (_name, argv, message) => {
    const dataDir = join(tmp, `data-${Math.random().toString(36).slice(2)}`);
    const cap = captureIO({});
    const code = await main(['--data-dir', dataDir, ...argv], cap.io);
    expect(code).toBe(2);
    expect(cap.stderr()).toMatch(message);
    expect(cap.stderr()).not.toMatch(/SECRET/);
    expect(cap.stdout()).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('enqueue --connection records the ids for that connection only', async () => {
    const dataDir = join(tmp, 'enqueue-data');
    const cap = captureIO();
    const argv = ['--config', twoYoti, '--data-dir', dataDir, 'enqueue', 'yoti', 's1', 's2'];
    expect(await main([...argv, '--connection', 'yoti-eu'], cap.io)).toBe(0);
    expect(cap.stdout()).toBe(
      'enqueued 2 yoti session id(s) for connection yoti-eu; run `idvkit sync --connection yoti-eu` to fetch them\n',
    );
    const handle = await openDatabase({ dataDir });
    try {
      const { rows } = await sql<{ connection: string; session_id: string; source: string }>`
        SELECT connection, session_id, source FROM idv.discovered_sessions ORDER BY session_id`.execute(
        handle.db,
      );
      expect(rows).toEqual([
        { connection: 'yoti-eu', session_id: 's1', source: 'cli' },
        { connection: 'yoti-eu', session_id: 's2', source: 'cli' },
      ]);
    } finally {
      await handle.close();
    }
  });

  it('prints help and the version with exit code 0', async () => {
    const help = captureIO();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.stdout()).toMatch(/Usage: idvkit/);
    for (const cmd of [
      'migrate',
      'sync',
      'enqueue',
      'notifications',
      'serve',
      'runs',
      'report',
      'sandbox',
      'demo',
    ]) {
      expect(help.stdout()).toContain(cmd);
    }
    const version = captureIO();
    expect(await main(['--version'], version.io)).toBe(0);
    expect(version.stdout()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
