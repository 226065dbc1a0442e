import type { ProviderStats } from '../engine/stats.js';

/** Whether a run draws live progress lines: a terminal that moves its cursor, unless asked not to. */
export function wantsProgress(
  io: { isTTY: boolean; env: NodeJS.ProcessEnv },
  flags: { json?: boolean; progress?: boolean },
): boolean {
  return io.isTTY && !flags.json && flags.progress !== false && io.env.TERM !== 'dumb';
}

/** What a progress line shows besides the counters. */
export interface ProgressState {
  /** The connection is waiting on its own rate limiter (its requests per second). */
  rateLimited?: boolean;
}

/**
 * A progress line per connection on a terminal, redrawn at most every 100 ms, and a last line with the elapsed
 * time: `idnow-live      ████████░░░░  640/800 fetched 120 · unchanged 520 · failed 0 · ETA 0:12`. The ETA appears
 * once the connection's listing is over (before, the total is not known). Log lines written through
 * {@link log} appear above them (the lines are erased, the text written, the lines drawn again). No colours,
 * so NO_COLOR holds; cursor codes only, so TERM=dumb gets no progress at all (see {@link wantsProgress}).
 */
export function createProgress(
  write: (text: string) => void,
  connections: string[],
  opts: { now?: () => number; state?: (connection: string) => ProgressState } = {},
) {
  const now = opts.now ?? Date.now;
  const started = now();
  const width = Math.max(11, ...connections.map((c) => c.length + 1));
  const rows = new Map<string, ProviderStats>();
  const listedAt = new Set<string>();
  let drawn = 0;
  let last = 0;
  const erase = () => (drawn > 0 ? `\x1b[${drawn}A\x1b[0J` : '');
  const lines = () => {
    let out = '';
    for (const name of connections) {
      const s = rows.get(name);
      const eta = listedAt.has(name) && s ? etaOf(s, now() - started) : undefined;
      out += `${line(name.padEnd(width), s, opts.state?.(name) ?? {})}${eta === undefined ? '' : ` · ETA ${clock(eta)}`}\n`;
    }
    out += `elapsed ${clock(now() - started)}\n`;
    drawn = connections.length + 1;
    return out;
  };
  const draw = (force = false) => {
    const t = now();
    if (!force && t - last < 100) return;
    last = t;
    write(erase() + lines());
  };
  return {
    update(connection: string, stats: ProviderStats) {
      rows.set(connection, stats);
      draw();
    },
    /** The connection's listing is over: from now on its line shows an ETA. */
    listed(connection: string) {
      listedAt.add(connection);
    },
    /** Writes `text` (whole lines) above the progress lines. */
    log(text: string) {
      const before = erase();
      drawn = 0;
      write(before + text + lines());
    },
    done() {
      draw(true);
    },
  };
}

function line(name: string, s: ProviderStats | undefined, state: ProgressState): string {
  const waiting = state.rateLimited ? ' · waiting (rate limit)' : '';
  if (!s) return `${name} waiting to start${waiting}`;
  const done = s.fetched + s.unchanged + s.failed;
  const width = 20;
  const filled = s.listed > 0 ? Math.min(width, Math.round((done / s.listed) * width)) : 0;
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const status = s.status === 'succeeded' ? '' : ` [${s.status}]`;
  return `${name} ${bar} ${done}/${s.listed} fetched ${s.fetched} · unchanged ${s.unchanged} · failed ${s.failed} · requests ${s.requests}${status}${waiting}`;
}

/** Time left at the pace so far, once sessions remain and some are done; undefined otherwise. */
function etaOf(s: ProviderStats, elapsedMs: number): number | undefined {
  const done = s.fetched + s.unchanged + s.failed + s.givenUp;
  const left = s.listed - done;
  if (left <= 0 || done === 0 || s.status !== 'succeeded') return undefined;
  return (elapsedMs / done) * left;
}

/** 0:07, 12:34, 1:02:03. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
