import type { Command } from 'commander';
import { Option } from 'commander';
import { openMigratedDatabase } from '../cli/database.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { loadConfig } from '../config/load-config.js';
import { writeHtmlReport } from '../report/html/write-html-report.js';
import { type ReportFormat, renderReport } from '../report/render.js';
import {
  checkConnection,
  describeDatabase,
  parseScopeFlags,
  type ScopeFlags,
} from '../report/report-scope.js';
import { REPORTS } from '../report/reports.js';
import { checkFilters } from '../report/run-report.js';

interface ReportFlags extends ScopeFlags {
  format: ReportFormat;
  html?: string;
}

export function registerReport(program: Command, io: CliIO, _setExit: (code: number) => void): void {
  program
    .command('report')
    .description('print a report over the idv views, or write the HTML report')
    .argument('[name]', `one of: ${REPORTS.map((r) => r.name).join(', ')}`)
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
    )
    .option('--since <iso>', 'only sessions created on or after this date or time (UTC)')
    .option('--until <iso>', 'only sessions created before this time; a bare date includes that day')
    .option('--provider <name>', 'only this provider')
    .option('--connection <name>', 'only this connection')
    .option('--flow <id>', 'only this flow (its id, or its name where flow names are known)')
    .option('--html <path>', 'write a self-contained HTML report with charts to this file')
    .action(async (name: string | undefined, flags: ReportFlags, cmd: Command) => {
      const filter = parseScopeFlags(flags);
      if (name) checkFilters(name, filter);
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(global.config, { optional: true, env: io.env });
      const handle = await openMigratedDatabase(config, global, io);
      try {
        await checkConnection(
          handle.db,
          filter,
          config.connections.map((c) => c.name),
        );
        const database = describeDatabase(handle);
        if (flags.html) {
          await writeHtmlReport(handle.db, flags.html, { filter, database });
          io.stdout(`wrote ${flags.html}\n`);
          if (!name) return;
        }
        if (!name) {
          io.stdout(`reports:\n${REPORTS.map((r) => `  ${r.name.padEnd(17)} ${r.description}\n`).join('')}`);
          return;
        }
        io.stdout(await renderReport(handle.db, name, filter, flags.format, database));
      } finally {
        await handle.close();
      }
    });
}
