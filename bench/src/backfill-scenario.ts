import { ADAPTERS } from '@idvkit/cli';
import { DEFAULT_RATE_LIMITS, PROVIDERS, type Provider } from '@idvkit/sandbox';
import { startRemoteSandbox } from './remote-sandbox.js';
import { fixed, int, pct, type Row, row } from './report.js';
import { providerTimer } from './scenarios.js';
import { benchConfig, type DbSource, enqueueYoti, freshDb, timedSync } from './setup.js';

/** Sessions per provider of the backfill scenario. */
export function backfillSizes(quick: boolean): Record<Provider, number> {
  return quick
    ? { idnow: 40, yoti: 40, complycube: 25, verifa: 20 }
    : { idnow: 400, yoti: 400, complycube: 100, verifa: 200 };
}

/** The limit each provider's requests are measured against, req/s, and where it comes from. */
const LIMITS: Record<Provider, { perSecond: number; source: string }> = {
  complycube: { perSecond: 10, source: 'documented 10/s' },
  verifa: { perSecond: 300 / 60, source: 'documented 300/min' },
  idnow: { perSecond: 20, source: 'undocumented; default 20/s' },
  yoti: { perSecond: 20, source: 'undocumented; default 20/s' },
};

/**
 * Scenario 3: a backfill (first full sync) of all four providers while the sandbox enforces each provider's
 * limit (`DEFAULT_RATE_LIMITS`: ComplyCube 10/s token bucket with burst 10, Verifa 300 per fixed minute, IDnow
 * and Yoti 20/s) and the clients run at the adapters' default rates, as a user gets them. Per provider: requests
 * per synced session (what the rate limit multiplies), and wall time ÷ (requests ÷ limit), i.e. how close the
 * sync runs to the fastest the limit allows (1 = exactly at the limit; a token bucket's burst can put it below 1).
 */
export async function backfillScenario(db: DbSource, sizes: Record<Provider, number>) {
  const sandbox = await startRemoteSandbox({
    seed: 4,
    sessions: sizes,
    rateLimits: DEFAULT_RATE_LIMITS,
  });
  const scratch = await freshDb(db);
  try {
    const config = benchConfig(sandbox, (json) => {
      for (const p of PROVIDERS) {
        const entry = json.providers[p];
        if (entry) entry.requestsPerSecond = ADAPTERS[p]!.defaults.requestsPerSecond;
      }
    });
    await enqueueYoti(scratch.handle, sandbox);
    const timer = providerTimer(sandbox);
    const { ms, result } = await timedSync(scratch.handle, config, {}, { fetch: timer.fetch });
    const per = Object.fromEntries(
      PROVIDERS.map((p) => {
        const t = timer.of(p);
        const sessions = result.providers[p]?.upserted ?? 0;
        const limit = LIMITS[p];
        const idealSeconds = t.requests / limit.perSecond;
        return [
          p,
          {
            sessions,
            requests: t.requests,
            limited: t.limited,
            seconds: t.seconds,
            limitPerSecond: limit.perSecond,
            limitSource: limit.source,
            requestsPerSession: t.requests / Math.max(1, sessions),
            ratio: t.seconds / idealSeconds,
            limitedShare: t.limited / Math.max(1, t.requests),
          },
        ];
      }),
    ) as Record<Provider, BackfillFigures>;
    return { ms, providers: per };
  } finally {
    await scratch.dispose();
    await sandbox.stop();
  }
}

interface BackfillFigures {
  sessions: number;
  requests: number;
  limited: number;
  seconds: number;
  limitPerSecond: number;
  limitSource: string;
  requestsPerSession: number;
  ratio: number;
  limitedShare: number;
}

export function backfillRows(r: Awaited<ReturnType<typeof backfillScenario>>): Row[] {
  const rows: Row[] = [];
  for (const p of PROVIDERS) {
    const f = r.providers[p];
    const label = `${p} (${f.limitSource})`;
    rows.push(
      row(
        '3 backfill at limits',
        `${label}: ${int(f.requests)} requests, ${int(f.sessions)} sessions, ${fixed(f.seconds)} s`,
        `${fixed(f.requestsPerSession, 2)} req/session`,
      ),
    );
    rows.push(
      row(
        '3 backfill at limits',
        `${p}: wall ÷ (requests ÷ limit)`,
        fixed(f.ratio, 3),
        '≤ 1.05',
        f.ratio <= 1.05,
      ),
    );
    rows.push(
      row(
        '3 backfill at limits',
        `${p}: 429 share`,
        `${pct(f.limitedShare)} (${f.limited})`,
        '≤ 1%',
        f.limitedShare <= 0.01,
      ),
    );
  }
  return rows;
}
