import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import { webhookConnections } from '../src/http/webhooks/connections.js';
import { runCli } from './support/cli-child.js';
import { cloneUrl } from './support/clone-url.js';
import { complyCubeDelivery, freePort, post } from './support/webhook-senders.js';

const BIN = new URL('../dist/bin.js', import.meta.url).pathname;
const SECRET = 'cc-webhook-secret-serve-0123';
const providers = {
  complycube: {
    baseUrl: 'http://127.0.0.1:9/complycube/v1',
    apiKey: 'test-api-key-1',
    webhooks: { secret: SECRET },
  },
  idnow: {
    baseUrl: 'http://127.0.0.1:9/idnow',
    tokenUrl: 'http://127.0.0.1:9/idnow/token',
    clientId: 'c',
    clientSecret: 'client-secret-1',
    flows: [{ flowId: 'f', environment: 'live' }],
    webhooks: { jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: 'https://idnow.example' },
  },
};

describe('config: providers.<name>.webhooks', () => {
  it('reads each provider’s verifier options, names the connections, and redacts the secrets', () => {
    const config = parseConfig({ providers });
    expect(webhookConnections(config)).toEqual([
      { name: 'complycube', provider: 'complycube', webhooks: { secret: SECRET } },
      {
        name: 'idnow',
        provider: 'idnow',
        webhooks: { jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: 'https://idnow.example' },
      },
    ]);
    expect(config.secrets).toContain(SECRET);
  });

  it.each([
    [
      { complycube: { ...providers.complycube, webhooks: {} } },
      'config.providers.complycube.webhooks.secret: expected a non-empty string, received',
    ],
    [
      { complycube: { ...providers.complycube, webhooks: { secret: SECRET, jwksUrl: 'x' } } },
      'config.providers.complycube.webhooks.jwksUrl: unknown key (expected one of secret)',
    ],
    [
      { idnow: { ...providers.idnow, webhooks: { jwksUrl: 'not a url' } } },
      'config.providers.idnow.webhooks.jwksUrl',
    ],
  ])('refuses %j with one line naming the field', (given, want) => {
    expect(() => parseConfig({ providers: given })).toThrow(want);
  });
});

describe('idvkit serve', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'idvkit-serve-'));
  const configPath = join(tmp, 'idvkit.config.json');
  writeFileSync(configPath, JSON.stringify({ providers: { complycube: providers.complycube } }));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('on the embedded database: exits 2 with one line, and opens nothing', async () => {
    const env = { DATABASE_URL: '' };
    const r = await runCli(['--config', configPath, '--data-dir', join(tmp, 'pgdata'), 'serve'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'idvkit: serve: expected a Postgres database (--database, config "database" or DATABASE_URL), received none: the embedded database admits one process at a time',
    ]);
    expect(existsSync(join(tmp, 'pgdata'))).toBe(false);
  });

  const target = testDatabases().find((d) => d.name === 'postgres');
  it.skipIf(!target)(
    'on Postgres: migrates graphile-worker, is ready, stores a webhook, and exits 0 on SIGTERM',
    async () => {
      const handle = await target!.open();
      try {
        const port = await freePort();
        const child = spawn(
          process.execPath,
          [BIN, '--config', configPath, '--database', cloneUrl(handle), 'serve', '--http-port', String(port)],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let stdout = '';
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
        });
        const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (c: Buffer) => {
            stdout += c.toString();
            if (stdout.includes('receiving webhooks on')) resolve();
          });
          void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
        });
        expect(stdout).toContain(`http://127.0.0.1:${port}/webhooks/complycube`);
        expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
        const d = complyCubeDelivery(SECRET, {
          id: 'evt-serve-1',
          type: 'check.completed',
          payload: { id: 'chk-s' },
        });
        expect((await post(`http://127.0.0.1:${port}/webhooks/complycube`, d)).status).toBe(202);
        const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM idv.webhook_events`.execute(
          handle.db,
        );
        expect(stored.rows[0]?.n).toBe(1);
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(stderr).not.toContain(SECRET);
      } finally {
        await handle.close();
      }
    },
    60_000,
  );
});
