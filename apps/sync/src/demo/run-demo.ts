import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { countDiscovered, type DbHandle } from '@idvkit/db';
import { startSandbox } from '@idvkit/sandbox';
import { openMigratedDatabase } from '../cli/database.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { syncCommand } from '../commands/sync.js';
import { parseConfig } from '../config/load-config.js';
import type { SyncResult } from '../engine/run-sync.js';
import { startNotificationReceiver } from '../notifications/receiver.js';
import { silentLogger } from '../output/logger.js';
import { writeHtmlReport } from '../report/html/write-html-report.js';
import { renderReport } from '../report/render.js';
import { describeDatabase } from '../report/report-scope.js';
import { sandboxConfig } from './sandbox-config.js';

/** Options of the demo. */
export interface DemoOptions {
  seed: number;
  sessions: number;
  html: string;
}

/**
 * The whole job on a laptop: start the sandbox, receive Yoti's notifications, sync all four providers (IDnow as
 * two connections, `idnow-live` and `idnow-staging`, one API client per environment) into
 * the database (embedded PGlite unless DATABASE_URL is set), then print the run and a short report and write
 * the HTML report. Run it again and the sync skips every unchanged session.
 */
export async function runDemo(io: CliIO, global: GlobalOptions, opts: DemoOptions): Promise<SyncResult> {
  const handle = await openMigratedDatabase({ dataDir: '.idvkit/pgdata' }, global, io);
  const authToken = randomUUID();
  const receiver = await startNotificationReceiver({ db: handle.db, authToken, log: silentLogger });
  const sandbox = await startSandbox({
    seed: opts.seed,
    sessions: opts.sessions,
    yotiNotifications: { url: `${receiver.url}/yoti`, authToken, scheme: 'Bearer' },
  });
  try {
    io.stdout(
      `idvkit demo\n  sandbox   ${sandbox.url} (seed ${opts.seed}, ${opts.sessions} sessions per provider)\n`,
    );
    io.stdout(`  database  ${handle.description}\n\n`);
    await discoverYoti(handle, sandbox, receiver.accepted, io);
    const config = parseConfig(sandboxConfig(sandbox, { yotiNotificationsToken: authToken }).json, io.env);
    const result = await syncCommand(config, {}, global, { ...io, isTTY: false }, { handle });
    const first = Object.values(result.connections).every((s) => s.unchanged === 0);
    io.stdout(
      first
        ? '\nFirst run: every session was new, so every detail was fetched.\n'
        : `\nIncremental run: ${sum(result, 'unchanged')} unchanged sessions skipped, ${sum(result, 'fetched')} fetched.\n`,
    );
    const database = describeDatabase(handle);
    io.stdout(`\n${await renderReport(handle.db, 'outcomes', {}, 'table', database)}`);
    io.stdout(`\n${await renderReport(handle.db, 'check-results', {}, 'table', database)}`);
    const html = resolve(opts.html);
    await writeHtmlReport(handle.db, html, { filter: {}, database });
    io.stdout(
      `\nHTML report: ${html}\n\nQuery the data:\n` +
        '  idvkit report                         # list of reports; e.g. `idvkit report outcomes --since 2026-11-01`\n' +
        '  idvkit runs                           # recent sync runs\n' +
        '  DATABASE_URL=postgres://… idvkit demo # the same into your Postgres, then psql: SELECT * FROM idv.v_daily_outcomes;\n' +
        '  (from a checkout: npx pnpm@10 exec idvkit <command>)\n',
    );
    return result;
  } finally {
    await sandbox.stop();
    await receiver.close();
    await handle.close();
  }
}

/**
 * Yoti has no list endpoint. A real Yoti notifies the receiver as sessions change; the sandbox replays those
 * notifications once per database, the first time the demo runs against it.
 */
async function discoverYoti(
  handle: DbHandle,
  sandbox: Awaited<ReturnType<typeof startSandbox>>,
  accepted: () => number,
  io: CliIO,
) {
  if ((await countDiscovered(handle.db, 'yoti')) > 0) return;
  const sent = await sandbox.notifyYoti();
  io.stdout(`  yoti      ${sent} session notifications sent by the sandbox, ${accepted()} received\n\n`);
}

function sum(r: SyncResult, key: 'unchanged' | 'fetched'): number {
  return Object.values(r.connections).reduce((n, s) => n + s[key], 0);
}
