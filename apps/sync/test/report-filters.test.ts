import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DbHandle,
  finishRun,
  type IdvDb,
  migrate,
  openDatabase,
  type SessionRecord,
  startRun,
  upsertSessions,
} from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { captureIO } from './support/harness.js';

const TERMINAL = new Set(['completed', 'failed', 'abandoned', 'expired']);

function session(
  provider: string,
  connection: string,
  sessionId: string,
  flowId: string | null,
  created: string,
  status: SessionRecord['status'],
  outcome: SessionRecord['outcome'],
  latencySeconds: number | null,
  checkResult?: 'pass' | 'review',
): SessionRecord {
  const createdAt = new Date(created);
  return {
    provider,
    connection,
    sessionId,
    environment: 'live',
    flowId,
    flowVersion: null,
    subjectRef: null,
    status,
    providerStatus: status.toUpperCase(),
    isTerminal: TERMINAL.has(status),
    outcome,
    providerOutcome: null,
    createdAt,
    startedAt: createdAt,
    completedAt: latencySeconds === null ? null : new Date(createdAt.getTime() + latencySeconds * 1000),
    updatedAt: createdAt,
    expiresAt: null,
    lastStepId: null,
    lastStepType: null,
    lastStepVerdict: null,
    raw: { id: sessionId },
    checks: checkResult
      ? [
          {
            checkId: `${sessionId}-c`,
            checkType: 'DOCUMENT',
            status: 'done',
            providerStatus: null,
            result: checkResult,
            providerResult: null,
            createdAt: null,
            completedAt: null,
            raw: {},
          },
        ]
      : [],
    datablocks: [],
  };
}

/** Six sessions over two weeks of January 2025; idnow has two connections. Expected numbers are by hand. */
const SESSIONS = [
  session('idnow', 'idnow', 'a1', 'kyc-basic', '2025-01-06T09:00:00Z', 'completed', 'approved', 60),
  session('idnow', 'idnow', 'a2', 'kyc-full', '2025-01-14T09:00:00Z', 'completed', 'rejected', 120),
  session('idnow', 'idnow-eu', 'a3', 'kyc-basic', '2025-01-15T09:00:00Z', 'in_progress', 'none', null),
  session('verifa', 'verifa', 'b1', 'kyc', '2025-01-13T09:00:00Z', 'completed', 'review', 300, 'review'),
  session('verifa', 'verifa', 'b2', 'kyc', '2025-01-16T09:00:00Z', 'completed', 'approved', 100, 'pass'),
  session('yoti', 'yoti', 'c1', null, '2025-01-07T09:00:00Z', 'created', 'none', null),
];

async function seed(db: IdvDb): Promise<void> {
  await upsertSessions(db, SESSIONS, new Date('2025-01-20T00:00:00Z'));
  const { runId } = await startRun(db, {
    providers: ['idnow', 'verifa', 'yoti'],
    connections: ['idnow', 'idnow-eu', 'verifa', 'yoti'],
    options: {},
  });
  await finishRun(db, runId, {
    status: 'partial',
    stats: { idnow: { status: 'partial' }, verifa: { status: 'succeeded' }, yoti: { status: 'succeeded' } },
    connectionStats: {
      idnow: { provider: 'idnow', status: 'succeeded' },
      'idnow-eu': { provider: 'idnow', status: 'failed' },
      verifa: { provider: 'verifa', status: 'succeeded' },
      yoti: { provider: 'yoti', status: 'succeeded' },
    },
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'idvkit-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Where the CLI finds the seeded database: `--data-dir` (PGlite) or `--database` (a Postgres clone). */
interface Target {
  name: string;
  args: string[];
  /** What the report should say it read. */
  described: string;
  /** Text that must never be printed (the password). */
  secret: string | null;
  close: () => Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dataDir = join(tmp, 'pgdata');
  const handle = await openDatabase({ dataDir });
  await migrate(handle.db);
  await seed(handle.db);
  await handle.close();
  return {
    name: 'pglite',
    args: ['--data-dir', dataDir],
    described: `embedded (PGlite) at ${dataDir}`,
    secret: null,
    close: async () => {},
  };
}

async function postgresTarget(open: () => Promise<DbHandle>, adminUrl: string): Promise<Target> {
  const handle = await open();
  await seed(handle.db);
  // The clone's URL: the admin URL's user on the clone's database, with a password the server ignores (trust).
  const url = new URL(adminUrl);
  url.pathname = new URL(handle.description).pathname;
  url.password = 'hunter2-not-printed';
  return {
    name: 'postgres',
    args: ['--database', url.href],
    described: `postgres://${url.host}${url.pathname}`,
    secret: 'hunter2-not-printed',
    close: () => handle.close(),
  };
}

for (const db of testDatabases()) {
  describe(`idvkit report filters [${db.name}]`, () => {
    let target: Target;
    beforeAll(async () => {
      target =
        db.name === 'pglite'
          ? await pgliteTarget()
          : await postgresTarget(db.open, process.env.TEST_DATABASE_URL!);
    });
    afterAll(async () => {
      await target?.close();
    });

    async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
      const cap = captureIO({});
      const code = await main([...target.args, 'report', ...argv], cap.io);
      if (target.secret) expect(cap.stdout() + cap.stderr()).not.toContain(target.secret);
      return { code, out: cap.stdout(), err: cap.stderr() };
    }

    async function json(...argv: string[]) {
      const r = await run(...argv, '--format', 'json');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.out) as {
        period: string;
        database: string;
        filters: object;
        rows: Array<Record<string, unknown>>;
      };
    }

    it('outcomes accepts --since, and its JSON states the period and the database', async () => {
      const report = await json('outcomes', '--since', '2025-01-13');
      expect(report.period).toBe('2025-01-13 to now');
      expect(report.database).toBe(target.described);
      expect(report.filters).toEqual({
        since: '2025-01-13T00:00:00.000Z',
        until: null,
        provider: null,
        connection: null,
        flow: null,
      });
      // idnow: a2 rejected, a3 open; verifa: b1 review, b2 approved; yoti's c1 is older.
      expect(report.rows).toEqual([
        {
          provider: 'idnow',
          sessions: 2,
          completed: 1,
          approved: 0,
          rejected: 1,
          review: 0,
          none: 1,
          unknown: 0,
          decided: 1,
          approval_rate: 0,
          review_rate: 0,
          completion_rate: 0.5,
        },
        {
          provider: 'verifa',
          sessions: 2,
          completed: 2,
          approved: 1,
          rejected: 0,
          review: 1,
          none: 0,
          unknown: 0,
          decided: 1,
          approval_rate: 1,
          review_rate: 0.5,
          completion_rate: 1,
        },
      ]);
    });

    it('check-results takes a period (sessions created in it) and the table states it', async () => {
      const r = await run('check-results', '--since', '2025-01-13', '--until', '2025-01-15');
      expect(r.code).toBe(0);
      const lines = r.out.split('\n');
      expect(lines[1]).toBe(
        `period: 2025-01-13 to 2025-01-15 (UTC days, inclusive) · database: ${target.described}`,
      );
      // Only b1 (13 January): one DOCUMENT check in review; b2 (16 January) is after the period.
      expect(lines[2]).toMatch(
        /^provider\s+check_type\s+checks\s+pass\s+fail\s+review\s+none\s+unknown\s+pass_rate$/,
      );
      expect(lines[4]).toMatch(/^verifa\s+DOCUMENT\s+1\s+0\s+0\s+1\s+0\s+0\s+0$/);
      expect(lines).toHaveLength(6);
    });

    it('daily-outcomes by connection, funnel by flow, decision-latency by provider', async () => {
      const daily = await json('daily-outcomes', '--connection', 'idnow-eu');
      expect(daily.rows.map((r) => [r.day, r.provider, r.flow_id, r.flow_name, r.sessions, r.none])).toEqual([
        ['2025-01-15', 'idnow', 'kyc-basic', 'kyc-basic', 1, 1],
      ]);
      const funnel = await json('funnel', '--flow', 'kyc-full');
      expect(funnel.rows.map((r) => [r.provider, r.flow_id, r.sessions, r.completed])).toEqual([
        ['idnow', 'kyc-full', 1, 1],
      ]);
      // verifa [100, 300]: p50 = 200, p90 = 100 + 0.9 × 200 = 280.
      const latency = await json('decision-latency', '--provider', 'verifa');
      expect(
        latency.rows.map((r) => [r.provider, r.flow_id, r.completed_sessions, r.p50_seconds, r.p90_seconds]),
      ).toEqual([['verifa', 'kyc', 2, 200, 280]]);
    });

    it('open-sessions takes --until; sync-health is per connection', async () => {
      const open = await json('open-sessions', '--until', '2025-01-10');
      expect(open.rows.map((r) => [r.provider, r.session_id])).toEqual([['yoti', 'c1']]);
      const health = await json('sync-health', '--connection', 'idnow-eu');
      expect(
        health.rows.map((r) => [
          r.provider,
          r.connection,
          r.last_run_status,
          r.sessions_synced,
          r.open_sessions,
        ]),
      ).toEqual([['idnow', 'idnow-eu', 'failed', 1, 1]]);
    });

    it('--html honours every filter and states the period and the database', async () => {
      const path = join(tmp, `${target.name}.html`);
      const r = await run(
        '--html',
        path,
        '--provider',
        'verifa',
        '--since',
        '2025-01-13',
        '--until',
        '2025-01-19',
      );
      expect(r.code).toBe(0);
      const html = readFileSync(path, 'utf8');
      expect(html).toContain('<dd data-meta="period">2025-01-13 to 2025-01-19 (UTC days, inclusive)</dd>');
      expect(html).toContain('<dd data-meta="filters">provider verifa</dd>');
      expect(html).toContain(`<dd data-meta="database">${target.described}</dd>`);
      expect([...html.matchAll(/data-headline="([^"]+)"/g)].map((m) => m[1])).toEqual(['verifa']);
      expect(html).not.toContain('idnow');
    });

    it('runs takes the period, provider and connection', async () => {
      const cap = captureIO({});
      expect(await main([...target.args, 'runs', '--json', '--connection', 'idnow-eu'], cap.io)).toBe(0);
      expect(
        (JSON.parse(cap.stdout()) as Array<{ connections: string[] }>).map((r) => r.connections),
      ).toEqual([['idnow', 'idnow-eu', 'verifa', 'yoti']]);
      // The seeded run started now, not in 2025.
      const old = captureIO({});
      expect(await main([...target.args, 'runs', '--json', '--until', '2025-12-31'], old.io)).toBe(0);
      expect(JSON.parse(old.stdout())).toEqual([]);
      const bad = captureIO({});
      expect(await main([...target.args, 'runs', '--provider', 'bogus'], bad.io)).toBe(2);
      expect(bad.stderr()).toMatch(
        /^idvkit: --provider: expected one of complycube, idnow, verifa, yoti, received "bogus"\n$/,
      );
    });

    const usage: Array<[string, string[], RegExp]> = [
      [
        'an unknown provider',
        ['outcomes', '--provider', 'bogus'],
        /^idvkit: --provider: expected one of complycube, idnow, verifa, yoti, received "bogus"\n$/,
      ],
      [
        'an unknown connection',
        ['funnel', '--connection', 'nope'],
        /^idvkit: --connection: expected one of idnow, idnow-eu, verifa, yoti, received "nope"\n$/,
      ],
      [
        'an unknown provider with --html',
        ['--html', join(tmp, 'x.html'), '--provider', 'bogus'],
        /^idvkit: --provider: expected one of/,
      ],
      [
        '--until before --since',
        ['outcomes', '--since', '2025-02-01', '--until', '2025-01-01'],
        /^idvkit: --until: expected a time after --since/,
      ],
      ['a bad --until', ['outcomes', '--until', 'tomorrow'], /^idvkit: --until: expected an ISO 8601 date/],
    ];
    it('rejection-reasons counts the rejected sessions of the filter; one without a reason as other', async () => {
      // a2 (idnow, kyc-full, 2025-01-14) is the only rejected session; b1 is in review, which does not count.
      const all = await json('rejection-reasons');
      expect(all.rows).toEqual([{ provider: 'idnow', reason_code: 'other', sessions: 1 }]);
      expect((await json('rejection-reasons', '--flow', 'kyc-full', '--since', '2025-01-14')).rows).toEqual(
        all.rows,
      );
      expect((await json('rejection-reasons', '--until', '2025-01-13')).rows).toEqual([]);
      expect((await json('rejection-reasons', '--connection', 'idnow-eu')).rows).toEqual([]);
    });

    it.each(usage)('%s exits 2 with one line', async (_name, argv, message) => {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    });
  });
}
