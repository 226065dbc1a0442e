import type { DbHandle } from '@idvkit/db';
import { type Sandbox, type SandboxOptions, startSandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import type { CliIO } from '../../src/cli/io.js';
import { type SyncFlags, syncCommand } from '../../src/commands/sync.js';
import { type IdvkitConfig, parseConfig } from '../../src/config/load-config.js';
import { type SandboxConfigOptions, sandboxConfig } from '../../src/demo/sandbox-config.js';

/** Captured output of an in-process CLI call. */
export interface Captured {
  io: CliIO;
  stdout: () => string;
  stderr: () => string;
}

export function captureIO(env: NodeJS.ProcessEnv = {}): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      env,
      isTTY: false,
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/** A sandbox with a small dataset and quick retries, for end-to-end tests. */
export function testSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ seed: 7, sessions: 30, ...opts });
}

/** The config of a sandbox, optionally edited (JSON form, before validation). */
export function configFor(
  sandbox: Sandbox,
  edit?: (json: ReturnType<typeof sandboxConfig>['json']) => void,
  opts: SandboxConfigOptions = {},
): IdvkitConfig {
  const { json } = sandboxConfig(sandbox, opts);
  edit?.(json);
  return parseConfig(json, {});
}

/** One sync run in-process on an open database; fast retries so fault tests stay short. */
export async function syncOnce(
  handle: DbHandle,
  config: IdvkitConfig,
  flags: SyncFlags = {},
  env: NodeJS.ProcessEnv = {},
) {
  const cap = captureIO(env);
  const result = await syncCommand(config, { json: true, ...flags }, { logLevel: 'debug' }, cap.io, {
    handle,
    http: { maxRetries: 2, initialRetryDelayMs: 5, maxRetryDelayMs: 20, timeoutMs: 5_000 },
  });
  return { result, stdout: cap.stdout(), stderr: cap.stderr() };
}

/** Everything the sync wrote that must be identical between equivalent runs (no sync timestamps). */
export async function dumpData(handle: DbHandle) {
  const sessions = await sql<Record<string, unknown>>`
    SELECT provider, session_id, environment, flow_id, flow_version, subject_ref, status, provider_status, is_terminal,
           outcome, provider_outcome, created_at, started_at, completed_at, updated_at, expires_at, last_step_id,
           last_step_type, last_step_verdict, provider_deleted_at, raw
    FROM idv.sessions ORDER BY provider, session_id`.execute(handle.db);
  const checks = await sql<Record<string, unknown>>`
    SELECT * FROM idv.session_checks ORDER BY provider, session_id, check_id`.execute(handle.db);
  const datablocks = await sql<Record<string, unknown>>`
    SELECT * FROM idv.session_datablocks ORDER BY provider, session_id, datablock_type, datablock_id`.execute(
    handle.db,
  );
  return { sessions: sessions.rows, checks: checks.rows, datablocks: datablocks.rows };
}

/** Counts of a table per provider. */
export async function countBy(handle: DbHandle, table: 'sessions' | 'session_checks' | 'session_datablocks') {
  const r = await sql<{ provider: string; n: number }>`
    SELECT provider, count(*)::int AS n FROM ${sql.table(`idv.${table}`)} GROUP BY provider ORDER BY provider`.execute(
    handle.db,
  );
  return Object.fromEntries(r.rows.map((x) => [x.provider, x.n]));
}
