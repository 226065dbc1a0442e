import type { Command } from 'commander';
import { type ConnectionCheck, checkConnection } from '../check/check-connection.js';
import type { GlobalOptions } from '../cli/global-options.js';
import { followInterruption } from '../cli/interruption.js';
import type { CliIO } from '../cli/io.js';
import { ConfigError } from '../config/config-error.js';
import { listConnections, loadConfig } from '../config/load-config.js';

interface CheckFlags {
  connection?: string[];
  provider?: string[];
  json?: boolean;
}

export function registerCheck(
  program: Command,
  io: CliIO,
  setExit: (code: number) => void,
  fetchImpl?: typeof fetch,
): void {
  program
    .command('check')
    .description(
      "try each connection's credentials and reachability (token, first list page, rate-limit headers, clock skew); writes nothing",
    )
    .option('--connection <names...>', 'only these connections (default: every connection in the config)')
    .option('--provider <names...>', "only these providers' connections (with --connection: either)")
    .option('--json', 'print what was seen as one JSON object on stdout')
    .action(async (flags: CheckFlags, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(global.config, { env: io.env });
      if (config.connections.length === 0) {
        throw new ConfigError(
          'config.connections: expected at least one connection (or providers entry) to check, received none',
        );
      }
      const entries = listConnections(config, {
        ...(flags.connection ? { connections: flags.connection } : {}),
        ...(flags.provider ? { providers: flags.provider } : {}),
      });
      const interruption = followInterruption(io);
      const checks = await Promise.all(
        entries.map((entry) =>
          checkConnection(entry, {
            ...(fetchImpl ? { fetch: fetchImpl } : {}),
            signal: interruption.signal,
            secrets: config.secrets,
          }),
        ),
      );
      const ok = checks.every((c) => c.ok);
      io.stdout(
        flags.json ? `${JSON.stringify({ ok, connections: checks })}\n` : checks.map(formatCheck).join(''),
      );
      setExit(ok ? 0 : 1);
    });
}

/** `verifa-eu (verifa): ok` and what was seen, indented. */
export function formatCheck(c: ConnectionCheck): string {
  const lines = [`${c.connection} (${c.provider}): ${c.ok ? 'ok' : 'FAILED'}`];
  if (c.error) lines.push(`  error: ${c.error}`);
  if (c.token) {
    lines.push(
      `  token: ${c.token.obtained ? 'obtained' : 'refused'}${c.token.expiresInSeconds === undefined ? '' : `, expires in ${c.token.expiresInSeconds} s`}`,
    );
  }
  if (c.flows !== undefined) lines.push(`  flows: ${c.flows} found`);
  for (const p of c.firstPages) lines.push(`  first page of ${p.scope}: ${p.sessions} session(s)`);
  for (const r of c.responses) {
    const limits = Object.entries(r.rateLimit).map(([k, v]) => `${k}=${v}`);
    lines.push(
      `  ${r.method} ${r.url} → ${r.status}${limits.length ? ` · ${limits.join(' ')}` : ' · no rate-limit headers'}`,
    );
  }
  if (c.clockSkewSeconds !== undefined) {
    lines.push(
      `  clock skew: ${c.clockSkewSeconds >= 0 ? '+' : ''}${c.clockSkewSeconds} s (provider minus local, from Date)`,
    );
  }
  for (const n of c.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}
