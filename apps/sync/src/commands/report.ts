import type { Command } from 'commander';
import { Option } from 'commander';
import { openMigratedDatabase } from '../cli/database.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { parseIsoDate } from '../cli/parse-flags.js';
import { loadConfig } from '../config/load-config.js';
import { writeHtmlReport } from '../report/html/write-html-report.js';
import { type ReportFormat, renderReport } from '../report/render.js';
import { REPORTS } from '../report/reports.js';
import { checkFilters } from '../report/run-report.js';

interface ReportFlags {
  format: ReportFormat;
  since?: string;
  provider?: string;
  flow?: string;
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
    .option('--since <iso>', 'only rows on or after this date')
    .option('--provider <name>', 'only this provider')
    .option('--flow <id>', 'only this flow')
    .option('--html <path>', 'write a self-contained HTML report with charts to this file')
    .action(async (name: string | undefined, flags: ReportFlags, cmd: Command) => {
      const since = flags.since ? parseIsoDate('--since', flags.since) : undefined;
      const filters = {
        ...(since ? { since } : {}),
        ...(flags.provider ? { provider: flags.provider } : {}),
        ...(flags.flow ? { flow: flags.flow } : {}),
      };
      if (name) checkFilters(name, filters);
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(global.config, { optional: true, env: io.env });
      const handle = await openMigratedDatabase(config, global, io);
      try {
        if (flags.html) {
          await writeHtmlReport(handle.db, flags.html);
          io.stdout(`wrote ${flags.html}\n`);
          if (!name) return;
        }
        if (!name) {
          io.stdout(`reports:\n${REPORTS.map((r) => `  ${r.name.padEnd(17)} ${r.description}\n`).join('')}`);
          return;
        }
        io.stdout(await renderReport(handle.db, name, filters, flags.format));
      } finally {
        await handle.close();
      }
    });
}
