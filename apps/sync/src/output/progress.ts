import type { ProviderStats } from '../engine/stats.js';

/**
 * A progress line per connection on a terminal, redrawn at most every 100 ms:
 * `idnow-live      ████████░░░░  640/800 fetched 120 · unchanged 520 · failed 0`.
 */
export function createProgress(write: (text: string) => void, connections: string[]) {
  const width = Math.max(11, ...connections.map((c) => c.length + 1));
  const rows = new Map<string, ProviderStats>();
  let drawn = 0;
  let last = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    let out = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const name of connections) out += `\x1b[2K${line(name.padEnd(width), rows.get(name))}\n`;
    drawn = connections.length;
    write(out);
  };
  return {
    update(connection: string, stats: ProviderStats) {
      rows.set(connection, stats);
      draw();
    },
    done() {
      draw(true);
    },
  };
}

function line(name: string, s: ProviderStats | undefined): string {
  if (!s) return `${name} waiting`;
  const done = s.fetched + s.unchanged + s.failed;
  const width = 20;
  const filled = s.listed > 0 ? Math.min(width, Math.round((done / s.listed) * width)) : 0;
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const state = s.status === 'succeeded' ? '' : ` [${s.status}]`;
  return `${name} ${bar} ${done}/${s.listed} fetched ${s.fetched} · unchanged ${s.unchanged} · failed ${s.failed} · requests ${s.requests}${state}`;
}
