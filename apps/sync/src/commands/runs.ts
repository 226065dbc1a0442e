import { listRuns } from '@idvkit/db';
import type { Command } from 'commander';
import { openMigratedDatabase } from '../cli/database.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { parsePositiveInt } from '../cli/parse-flags.js';
import { loadConfig } from '../config/load-config.js';
import { formatTable } from '../output/table.js';
import { checkConnection, parseScopeFlags, type ScopeFlags } from '../report/report-scope.js';

interface RunsFlags extends Omit<ScopeFlags, 'flow'> {
  limit: string;
  json?: boolean;
}

export function registerRuns(program: Command, io: CliIO): void {
  program
    .command('runs')
    .description('list recent sync runs with their status, connections and counts')
    .option('--limit <n>', 'how many runs', '10')
    .option('--since <iso>', 'only runs started on or after this date or time (UTC)')
    .option('--until <iso>', 'only runs started before this time; a bare date includes that day')
    .option('--provider <name>', 'only runs that covered this provider')
    .option('--connection <name>', 'only runs that covered this connection')
    .option('--json', 'print JSON')
    .action(async (flags: RunsFlags, cmd: Command) => {
      const limit = parsePositiveInt('--limit', flags.limit);
      const filter = parseScopeFlags(flags);
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(global.config, { optional: true, env: io.env });
      const handle = await openMigratedDatabase(config, global, io);
      try {
        await checkConnection(
          handle.db,
          filter,
          config.connections.map((c) => c.name),
        );
        const runs = await listRuns(handle.db, limit, filter);
        if (flags.json) return io.stdout(`${JSON.stringify(runs)}\n`);
        const rows = runs.map((r) => {
          const stats = (r.stats ?? {}) as Record<
            string,
            { fetched?: number; failed?: number; requests?: number }
          >;
          const sum = (k: 'fetched' | 'failed' | 'requests') =>
            Object.values(stats).reduce((n, s) => n + (s[k] ?? 0), 0);
          return {
            run_id: r.runId,
            started_at: r.startedAt,
            finished_at: r.finishedAt,
            status: r.status,
            providers: r.providers.join(','),
            connections: r.connections.join(','),
            fetched: sum('fetched'),
            failed: sum('failed'),
            requests: sum('requests'),
          };
        });
        io.stdout(formatTable(rows));
      } finally {
        await handle.close();
      }
    });
}
