import { type ChildProcess, spawn } from 'node:child_process';
import type { DbHandle } from '@idvkit/db';
import { sql } from 'kysely';

const BIN = new URL('../../dist/bin.js', import.meta.url).pathname;

/** One `idvkit worker` child process. */
export interface WorkerChild {
  child: ChildProcess;
  /** Resolves once the worker logged `worker started` (or exited). */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: string | null }>;
  stderr: () => string;
  /** `"msg":"request"` lines logged so far (needs `--log-level debug`). */
  requests: () => number;
}

/** Starts `node apps/sync/dist/bin.js …args`, watching its log lines. */
export function startWorker(args: string[]): WorkerChild {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let requests = 0;
  let pending = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('"msg":"request"')) requests++;
      if (line.includes('"msg":"worker started"')) onReady();
    }
  });
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  void exited.then(() => onReady());
  return { child, ready, exited, stderr: () => stderr, requests: () => requests };
}

/** The graphile-worker pool id a worker logged at start (the `locked_by` of its jobs). */
export function poolOf(w: WorkerChild): string {
  const line = w
    .stderr()
    .split('\n')
    .find((l) => l.includes('"msg":"worker started"'));
  return JSON.parse(line!).pool;
}

/** Polls `check` every 250 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Jobs in graphile-worker's queue, waiting, running or failed. */
export const jobsLeft = async (h: DbHandle) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs`.execute(h.db))
    .rows[0]!.n;

/** Every live session with its status, outcome, checks and datablocks: what `expectedFromTruth` describes. */
export async function normalizedRows(handle: DbHandle) {
  const sessions = await sql<{ provider: string; session_id: string; status: string; outcome: string }>`
    SELECT provider, session_id, status, outcome FROM idv.sessions WHERE provider_deleted_at IS NULL
    ORDER BY provider || session_id`.execute(handle.db);
  const checks = await sql<{ provider: string; session_id: string; check_id: string; result: string }>`
    SELECT provider, session_id, check_id, result FROM idv.session_checks`.execute(handle.db);
  const blocks = await sql<{
    provider: string;
    session_id: string;
    datablock_type: string;
    datablock_id: string;
  }>`
    SELECT provider, session_id, datablock_type, datablock_id FROM idv.session_datablocks`.execute(handle.db);
  return sessions.rows.map((s) => ({
    provider: s.provider,
    sessionId: s.session_id,
    status: s.status,
    outcome: s.outcome,
    checks: Object.fromEntries(
      checks.rows
        .filter((c) => c.provider === s.provider && c.session_id === s.session_id)
        .map((c) => [c.check_id, c.result]),
    ),
    datablocks: blocks.rows
      .filter((b) => b.provider === s.provider && b.session_id === s.session_id)
      .map((b) => `${b.datablock_type}/${b.datablock_id}`)
      .sort(),
  }));
}

/** Rows with their datablocks sorted, for comparison. */
export const sorted = <T extends { datablocks: string[] }>(rows: T[]) =>
  rows.map((r) => ({ ...r, datablocks: [...r.datablocks].sort() }));
