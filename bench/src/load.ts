import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createLogger,
  type IdvkitConfig,
  type ProviderSource,
  planConnections,
  type SessionRef,
  TaskPool,
} from '@idvkit/cli';
import { type DbHandle, type SessionRecord, toJsonText, upsertSessions } from '@idvkit/db';
import { PROVIDERS } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { type RemoteSandbox, startRemoteSandbox } from './remote-sandbox.js';
import { benchConfig, type DbSource, freshDb, loadPg, type PgClient } from './setup.js';

const NO_WINDOW = { stopBefore: null, updatedAfter: null };

/**
 * A fresh signal per fetch: undici's Request keeps an abort listener on the signal it is given until the
 * Request is garbage-collected, so one long-lived signal for thousands of fetches piles up listeners (and a
 * MaxListenersExceededWarning, with its stack trace, per added listener past 1,500). See docs/benchmarks.md.
 */
const fetchContext = () => ({ signal: new AbortController().signal, storedFinalChecks: new Map() });

/** The sources of a config, built as the engine builds them (same clients, same normalizers). */
function sources(config: IdvkitConfig, fetch?: typeof globalThis.fetch): ProviderSource[] {
  const log = createLogger({ write: () => undefined, level: 'error' });
  return planConnections(config.connections, { log, ...(fetch ? { fetch } : {}) }).map((p) => p.source);
}

/** Every session reference of a source: list pages, or for Yoti (no list endpoint) the sandbox's ids. */
async function* refsOf(
  source: ProviderSource,
  sandbox: RemoteSandbox,
  signal: AbortSignal,
): AsyncIterable<SessionRef[]> {
  if (source.discovery === 'queue') {
    yield (await sandbox.yotiSessionIds()).map((id) => source.refFor(id, null));
    return;
  }
  for (const scope of source.scopes()) yield* source.list(scope, NO_WINDOW, signal);
}

/**
 * Fetches and normalizes every session of the sandbox (concurrently), for the load-stage measurements; `fetch`
 * (e.g. a recording one) is handed to the clients.
 */
export async function collectRecords(
  config: IdvkitConfig,
  sandbox: RemoteSandbox,
  fetch?: typeof globalThis.fetch,
): Promise<SessionRecord[]> {
  const signal = new AbortController().signal;
  const records: SessionRecord[] = [];
  await Promise.all(
    sources(config, fetch).map(async (source) => {
      const pool = new TaskPool(16);
      for await (const refs of refsOf(source, sandbox, signal)) {
        for (const ref of refs) {
          await pool.submit(async () => {
            const fetched = await source.fetch(ref, fetchContext());
            records.push(source.normalize(fetched, 'minimal').record);
          });
        }
      }
      await pool.drain();
    }),
  );
  return records;
}

/**
 * The naive baseline: what one would write without idvkit, with the same clients and normalizers — list,
 * then fetch each detail and write it row by row (`INSERT … ON CONFLICT` per session, per check, per
 * datablock), one thing at a time. Returns the sessions written.
 */
export async function naiveSync(
  config: IdvkitConfig,
  sandbox: RemoteSandbox,
  handle: DbHandle,
): Promise<number> {
  const signal = new AbortController().signal;
  let written = 0;
  for (const source of sources(config)) {
    for await (const refs of refsOf(source, sandbox, signal)) {
      for (const ref of refs) {
        const fetched = await source.fetch(ref, fetchContext());
        await writeRowByRow(handle, source.normalize(fetched, 'minimal').record);
        written++;
      }
    }
  }
  return written;
}

/** The naive baseline against a sandbox whose every response is delayed by `latencyMs`. */
export async function naiveAtLatency(db: DbSource, sessions: number, latencyMs: number) {
  const faults = Object.fromEntries(PROVIDERS.map((p) => [p, { latencyMs }]));
  const sandbox = await startRemoteSandbox({
    seed: 3,
    sessions: Math.max(1, Math.round(sessions / 4)),
    faults,
  });
  const scratch = await freshDb(db);
  try {
    const t0 = performance.now();
    const n = await naiveSync(benchConfig(sandbox), sandbox, scratch.handle);
    const ms = performance.now() - t0;
    return { sessions: n, ms, sessionsPerSec: n / (ms / 1000) };
  } finally {
    await scratch.dispose();
    await sandbox.stop();
  }
}

const ts = (d: Date | null) => sql`${d ? d.toISOString() : null}::timestamptz`;
const json = (v: unknown) => sql`${v === null || v === undefined ? null : toJsonText(v)}::jsonb`;

/** The naive loop's write: one `INSERT … ON CONFLICT` per session, per check and per datablock. */
export async function writeRowByRow(handle: DbHandle, s: SessionRecord): Promise<void> {
  const now = new Date();
  // As the loader stores it: the record's connection, else the provider's name.
  const conn = s.connection ?? s.provider;
  await sql`
    INSERT INTO idv.sessions (provider, connection, session_id, environment, flow_id, flow_version, subject_ref, status,
      provider_status, is_terminal, outcome, provider_outcome, created_at, started_at, completed_at, updated_at,
      expires_at, last_step_id, last_step_type, last_step_verdict, raw, first_synced_at, last_synced_at)
    VALUES (${s.provider}, ${conn}, ${s.sessionId}, ${s.environment}, ${s.flowId}, ${s.flowVersion}, ${s.subjectRef},
      ${s.status}, ${s.providerStatus}, ${s.isTerminal}, ${s.outcome}, ${s.providerOutcome}, ${ts(s.createdAt)},
      ${ts(s.startedAt)}, ${ts(s.completedAt)}, ${ts(s.updatedAt)}, ${ts(s.expiresAt)}, ${s.lastStepId},
      ${s.lastStepType}, ${s.lastStepVerdict}, ${json(s.raw)}, ${ts(now)}, ${ts(now)})
    ON CONFLICT (provider, session_id) DO UPDATE SET status = excluded.status,
      provider_status = excluded.provider_status, is_terminal = excluded.is_terminal, outcome = excluded.outcome,
      provider_outcome = excluded.provider_outcome, completed_at = excluded.completed_at,
      updated_at = excluded.updated_at, last_step_id = excluded.last_step_id,
      last_step_type = excluded.last_step_type, last_step_verdict = excluded.last_step_verdict,
      raw = excluded.raw, last_synced_at = excluded.last_synced_at`.execute(handle.db);
  for (const c of s.checks) {
    await sql`
      INSERT INTO idv.session_checks (provider, connection, session_id, check_id, check_type, status, provider_status, result,
        provider_result, created_at, completed_at, raw)
      VALUES (${s.provider}, ${conn}, ${s.sessionId}, ${c.checkId}, ${c.checkType}, ${c.status}, ${c.providerStatus},
        ${c.result}, ${c.providerResult}, ${ts(c.createdAt)}, ${ts(c.completedAt)}, ${json(c.raw)})
      ON CONFLICT (provider, session_id, check_id) DO UPDATE SET status = excluded.status,
        provider_status = excluded.provider_status, result = excluded.result,
        provider_result = excluded.provider_result, completed_at = excluded.completed_at, raw = excluded.raw`.execute(
      handle.db,
    );
  }
  for (const d of s.datablocks) {
    await sql`
      INSERT INTO idv.session_datablocks (provider, connection, session_id, datablock_type, datablock_id, status, created_at)
      VALUES (${s.provider}, ${conn}, ${s.sessionId}, ${d.datablockType}, ${d.datablockId}, ${d.status}, ${ts(d.createdAt)})
      ON CONFLICT (provider, session_id, datablock_type, datablock_id) DO UPDATE SET status = excluded.status`.execute(
      handle.db,
    );
  }
}

/** The engine's load stage alone: `upsertSessions` in batches of `batchSize`, per provider, one at a time. */
export async function engineLoad(
  handle: DbHandle,
  records: SessionRecord[],
  batchSize: number,
): Promise<number> {
  const t0 = performance.now();
  for (const provider of PROVIDERS) {
    const mine = records.filter((r) => r.provider === provider);
    for (let i = 0; i < mine.length; i += batchSize) {
      await upsertSessions(handle.db, mine.slice(i, i + batchSize), new Date());
    }
  }
  return performance.now() - t0;
}

// --- COPY floor ---------------------------------------------------------------------------------------------

/** A value in COPY text format. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}
const line = (values: unknown[]) => `${values.map(field).join('\t')}\n`;
const jsonField = (v: unknown) => (v === null || v === undefined ? null : toJsonText(v));

/** COPY statements and their data (text format) for the rows of `records`. */
function copyPayloads(records: SessionRecord[]): Array<{ statement: string; data: string }> {
  const now = new Date();
  let sessions = '';
  let checks = '';
  let datablocks = '';
  for (const s of records) {
    const conn = s.connection ?? s.provider;
    sessions += line([
      s.provider,
      conn,
      s.sessionId,
      s.environment,
      s.flowId,
      s.flowVersion,
      s.subjectRef,
      s.status,
      s.providerStatus,
      s.isTerminal,
      s.outcome,
      s.providerOutcome,
      s.createdAt,
      s.startedAt,
      s.completedAt,
      s.updatedAt,
      s.expiresAt,
      s.lastStepId,
      s.lastStepType,
      s.lastStepVerdict,
      jsonField(s.raw),
      now,
      now,
    ]);
    for (const c of s.checks) {
      checks += line([
        s.provider,
        conn,
        s.sessionId,
        c.checkId,
        c.checkType,
        c.status,
        c.providerStatus,
        c.result,
        c.providerResult,
        c.createdAt,
        c.completedAt,
        jsonField(c.raw),
      ]);
    }
    for (const d of s.datablocks) {
      datablocks += line([
        s.provider,
        conn,
        s.sessionId,
        d.datablockType,
        d.datablockId,
        d.status,
        d.createdAt,
      ]);
    }
  }
  return [
    {
      statement: `COPY idv.sessions (provider, connection, session_id, environment, flow_id, flow_version, subject_ref, status,
        provider_status, is_terminal, outcome, provider_outcome, created_at, started_at, completed_at, updated_at,
        expires_at, last_step_id, last_step_type, last_step_verdict, raw, first_synced_at, last_synced_at)`,
      data: sessions,
    },
    {
      statement: `COPY idv.session_checks (provider, connection, session_id, check_id, check_type, status, provider_status,
        result, provider_result, created_at, completed_at, raw)`,
      data: checks,
    },
    {
      statement:
        'COPY idv.session_datablocks (provider, connection, session_id, datablock_type, datablock_id, status, created_at)',
      data: datablocks,
    },
  ];
}

/** The unique records (last one wins), as the loader would write them; the floor must not hit duplicate keys. */
function unique(records: SessionRecord[]): SessionRecord[] {
  const byKey = new Map<string, SessionRecord>();
  for (const r of records) byKey.set(`${r.provider}\u0000${r.sessionId}`, r);
  return [...byKey.values()];
}

/**
 * The floor: the same rows loaded with `COPY … FROM STDIN` into empty tables of a fresh database, in one
 * transaction. Timed from the records (serializing them is part of the work) to the commit.
 */
export async function copyFloor(
  db: DbSource,
  location: string,
  records: SessionRecord[],
): Promise<{ ms: number; cpuMs: number }> {
  return db.kind === 'postgres' ? copyPostgres(location, records) : copyPglite(db.base, records);
}

async function copyPostgres(url: string, records: SessionRecord[]): Promise<{ ms: number; cpuMs: number }> {
  const client = new (loadPg().Client)({ connectionString: url });
  await client.connect();
  try {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await client.query('BEGIN');
    for (const { statement, data } of copyPayloads(unique(records))) {
      await copyIn(client, `${statement} FROM STDIN`, data);
    }
    await client.query('COMMIT');
    return { ms: performance.now() - t0, cpuMs: cpuSince(cpu0) };
  } finally {
    await client.end();
  }
}

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** `COPY … FROM STDIN` on node-postgres without pg-copy-streams: a minimal submittable query. */
function copyIn(client: PgClient, statement: string, data: string): Promise<void> {
  return new Promise((resolveCopy, reject) => {
    let error: unknown;
    const noop = () => undefined;
    client.query({
      submit: (connection: PgConnection) => connection.query(statement),
      handleCopyInResponse: (connection: PgConnection) => {
        const bytes = Buffer.from(data);
        for (let i = 0; i < bytes.length; i += 1 << 16)
          connection.sendCopyFromChunk(bytes.subarray(i, i + (1 << 16)));
        connection.endCopyFrom();
      },
      handleError: (err: unknown) => {
        error = err;
      },
      handleReadyForQuery: () => (error === undefined ? resolveCopy() : reject(error)),
      handleCommandComplete: noop,
      handleRowDescription: noop,
      handleDataRow: noop,
      handleEmptyQuery: noop,
      handlePortalSuspended: noop,
      handleCopyData: noop,
    });
  });
}

interface PgliteLike {
  query(text: string, params?: unknown[], opts?: { blob?: Blob }): Promise<unknown>;
  exec(text: string): Promise<unknown>;
  close(): Promise<void>;
}

/** PGlite has no COPY FROM STDIN; it reads COPY data from `/dev/blob`. Runs on a copy of the migrated template. */
async function copyPglite(
  template: string,
  records: SessionRecord[],
): Promise<{ ms: number; cpuMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'idvkit-bench-copy-'));
  try {
    const dataDir = join(dir, 'pgdata');
    await cp(template, dataDir, { recursive: true });
    const requireFromDb = createRequire(fileURLToPath(import.meta.resolve('@idvkit/db')));
    const entry = requireFromDb.resolve('@electric-sql/pglite').replace(/\.cjs$/, '.js');
    const { PGlite } = (await import(pathToFileURL(entry).href)) as {
      PGlite: { create(opts: { dataDir: string }): Promise<PgliteLike> };
    };
    const pglite = await PGlite.create({ dataDir });
    try {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await pglite.exec('BEGIN');
      for (const { statement, data } of copyPayloads(unique(records))) {
        await pglite.query(`${statement} FROM '/dev/blob'`, [], { blob: new Blob([data]) });
      }
      await pglite.exec('COMMIT');
      return { ms: performance.now() - t0, cpuMs: cpuSince(cpu0) };
    } finally {
      await pglite.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** CPU time of this process since `start` (a `process.cpuUsage()`), ms. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
