import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type CheckRecord,
  finishRun,
  type IdvDb,
  recordSyncError,
  type SessionRecord,
  startRun,
  upsertSessions,
} from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatCount,
  formatCountChange,
  formatDuration,
  formatDurationChange,
  formatPercent,
  formatRateChange,
} from '../src/report/html/format.js';
import { loadReportData, type ReportRequest } from '../src/report/html/load-report-data.js';
import { renderHtml } from '../src/report/html/render-html.js';
import type { ReportData } from '../src/report/html/report-data.js';
import { writeHtmlReport } from '../src/report/html/write-html-report.js';
import { parseScopeFlags } from '../src/report/report-scope.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT_DIR = fileURLToPath(new URL('../../../test-output/', import.meta.url));
const GENERATED_AT = new Date('2025-01-20T08:30:00Z');
const NOW = new Date('2025-01-20T08:00:00Z');

const DATABASE = 'the test database';
const ALL_TIME: ReportRequest = { filter: {}, database: DATABASE, generatedAt: GENERATED_AT };
/** The chosen period: the week of Monday 13 January 2025; the previous period is the week before. */
const WEEK_FILTER = parseScopeFlags({ since: '2025-01-13', until: '2025-01-19' });

const TERMINAL = new Set(['completed', 'failed', 'abandoned', 'expired']);

function at(iso: string, plusSeconds = 0): Date {
  return new Date(Date.parse(iso) + plusSeconds * 1000);
}

function check(checkId: string, checkType: string, result: CheckRecord['result']): CheckRecord {
  return {
    checkId,
    checkType,
    status: result === 'none' ? 'pending' : 'done',
    providerStatus: null,
    result,
    providerResult: null,
    createdAt: null,
    completedAt: null,
    raw: { id: checkId },
  };
}

function session(
  provider: string,
  sessionId: string,
  flowId: string | null,
  created: string,
  status: SessionRecord['status'],
  outcome: SessionRecord['outcome'],
  latencySeconds: number | null,
  checks: Array<[string, CheckRecord['result']]> = [],
): SessionRecord {
  const createdAt = new Date(created);
  return {
    provider,
    sessionId,
    environment: 'live',
    flowId,
    flowVersion: null,
    subjectRef: null,
    status,
    providerStatus: status.toUpperCase(),
    isTerminal: TERMINAL.has(status),
    outcome,
    providerOutcome: null,
    createdAt,
    startedAt: createdAt,
    completedAt: latencySeconds === null ? null : at(created, latencySeconds),
    updatedAt: at(created, latencySeconds ?? 1),
    expiresAt: null,
    lastStepId: null,
    lastStepType: null,
    lastStepVerdict: null,
    raw: { id: sessionId },
    checks: checks.map(([type, result], i) => check(`${sessionId}-c${i}`, type, result)),
    datablocks: [],
  };
}

/**
 * 3 providers, flows kyc-basic/kyc-full (yoti has none), checks of 3 types, weeks of 2025-01-06 and 2025-01-13
 * (both Mondays). Every expected number below is worked out by hand from this list.
 */
const SESSIONS: SessionRecord[] = [
  session('idnow', 'i1', 'kyc-basic', '2025-01-06T09:00:00Z', 'completed', 'approved', 60, [
    ['DOCUMENT', 'pass'],
    ['LIVENESS', 'pass'],
  ]),
  session('idnow', 'i2', 'kyc-basic', '2025-01-07T09:00:00Z', 'completed', 'approved', 180, [
    ['DOCUMENT', 'pass'],
    ['LIVENESS', 'fail'],
  ]),
  session('idnow', 'i3', 'kyc-basic', '2025-01-08T09:00:00Z', 'completed', 'rejected', 300, [
    ['DOCUMENT', 'fail'],
  ]),
  session('idnow', 'i4', 'kyc-full', '2025-01-14T09:00:00Z', 'completed', 'approved', 3600, [
    ['DOCUMENT', 'pass'],
    ['FACE_MATCH', 'pass'],
  ]),
  session('idnow', 'i5', 'kyc-full', '2025-01-15T09:00:00Z', 'in_progress', 'none', null),
  {
    ...session('idnow', 'i6', 'kyc-basic', '2025-01-15T10:00:00Z', 'abandoned', 'none', null),
    connection: 'idnow-eu',
  },
  session('verifa', 'v1', 'kyc-basic', '2025-01-06T12:00:00Z', 'completed', 'review', 120, [
    ['DOCUMENT', 'review'],
    ['LIVENESS', 'pass'],
  ]),
  session('verifa', 'v2', 'kyc-basic', '2025-01-13T12:00:00Z', 'completed', 'approved', 240, [
    ['DOCUMENT', 'pass'],
    ['LIVENESS', 'pass'],
  ]),
  session('verifa', 'v3', 'kyc-basic', '2025-01-14T12:00:00Z', 'expired', 'none', null),
  session('verifa', 'v4', 'kyc-basic', '2025-01-14T13:00:00Z', 'failed', 'none', null),
  session('yoti', 'y1', null, '2025-01-07T08:00:00Z', 'completed', 'approved', 7_200, [
    ['LIVENESS', 'pass'],
    ['DOCUMENT', 'pass'],
  ]),
  session('yoti', 'y2', null, '2025-01-08T08:00:00Z', 'completed', 'rejected', 90_000, [
    ['LIVENESS', 'fail'],
    ['DOCUMENT', 'pass'],
  ]),
  session('yoti', 'y3', null, '2025-01-09T08:00:00Z', 'created', 'none', null),
];

async function loadDataset(db: IdvDb): Promise<void> {
  await upsertSessions(db, SESSIONS, NOW);
  const { runId } = await startRun(db, { providers: ['idnow', 'verifa', 'yoti'], options: {} });
  await recordSyncError(db, {
    runId,
    provider: 'verifa',
    sessionId: 'v5',
    stage: 'normalize',
    reason: 'unmapped status',
    payload: { id: 'v5' },
  });
  await finishRun(db, runId, {
    status: 'partial',
    stats: { idnow: { status: 'succeeded' }, verifa: { status: 'partial' }, yoti: { status: 'succeeded' } },
  });
}

const OUTCOME_SERIES = ['approved', 'rejected', 'review', 'none', 'unknown'];
const STATUS_SERIES = ['created', 'in_progress', 'completed', 'failed', 'abandoned', 'expired', 'unknown'];

/** The `data-series` names of each `<svg data-chart>`, in document order. */
function seriesByChart(html: string): Array<{ chart: string; series: string[] }> {
  return [...html.matchAll(/<svg [^>]*data-chart="([^"]+)"[^>]*>([\s\S]*?)<\/svg>/g)].map((m) => ({
    chart: m[1]!,
    series: [...m[2]!.matchAll(/data-series="([^"]+)"/g)].map((s) => s[1]!),
  }));
}

function titles(html: string): string[] {
  return [...html.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!);
}

/** A percentile as Postgres' `percentile_cont` computes it, written out independently of the report's SQL. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

interface Figures {
  sessions: number;
  completion: number | null;
  approval: number | null;
  review: number | null;
  p50: number | null;
  p90: number | null;
}

/** The headline figures per provider for [since, until), from the rows of idv.sessions, computed in JS. */
async function figuresFromDatabase(db: IdvDb, since: Date, until: Date): Promise<Map<string, Figures>> {
  const rows = await db
    .selectFrom('idv.sessions')
    .select(['provider', 'status', 'outcome', 'created_at', 'completed_at'])
    .execute();
  const out = new Map<string, Figures>();
  const providers = [...new Set(rows.map((r) => r.provider))].sort();
  for (const provider of providers) {
    const mine = rows.filter(
      (r) =>
        r.provider === provider && r.created_at !== null && r.created_at >= since && r.created_at < until,
    );
    const count = (f: (r: (typeof mine)[number]) => boolean) => mine.filter(f).length;
    const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
    const approved = count((r) => r.outcome === 'approved');
    const rejected = count((r) => r.outcome === 'rejected');
    const review = count((r) => r.outcome === 'review');
    const seconds = mine
      .filter((r) => r.status === 'completed' && r.completed_at !== null)
      .map((r) => (r.completed_at!.getTime() - r.created_at!.getTime()) / 1000)
      .sort((a, b) => a - b);
    out.set(provider, {
      sessions: mine.length,
      completion: ratio(
        count((r) => r.status === 'completed'),
        mine.length,
      ),
      approval: ratio(approved, approved + rejected),
      review: ratio(review, approved + rejected + review),
      p50: percentile(seconds, 0.5),
      p90: percentile(seconds, 0.9),
    });
  }
  return out;
}

/** The headline cells the page should show for one provider: [metric, now, previous, change]. */
function expectedCells(now: Figures, before: Figures): string[][] {
  const time = (v: number | null) => (v === null ? 'n/a' : formatDuration(v));
  return [
    [
      'sessions',
      formatCount(now.sessions),
      formatCount(before.sessions),
      formatCountChange(now.sessions, before.sessions),
    ],
    [
      'completionRate',
      formatPercent(now.completion),
      formatPercent(before.completion),
      formatRateChange(now.completion, before.completion),
    ],
    [
      'approvalRate',
      formatPercent(now.approval),
      formatPercent(before.approval),
      formatRateChange(now.approval, before.approval),
    ],
    [
      'reviewRate',
      formatPercent(now.review),
      formatPercent(before.review),
      formatRateChange(now.review, before.review),
    ],
    ['p50Seconds', time(now.p50), time(before.p50), formatDurationChange(now.p50, before.p50)],
    ['p90Seconds', time(now.p90), time(before.p90), formatDurationChange(now.p90, before.p90)],
  ];
}

for (const target of testDatabases()) {
  const suffix = target.name === 'pglite' ? '' : `-${target.name}`;
  const htmlPath = `${OUTPUT_DIR}report${suffix}.html`;
  const pngPath = `${OUTPUT_DIR}report${suffix}.png`;

  describe(`idvkit report --html [${target.name}]`, () => {
    let handle: Awaited<ReturnType<typeof target.open>>;
    let html: string;

    beforeAll(async () => {
      handle = await target.open();
      await loadDataset(handle.db);
      await writeHtmlReport(handle.db, htmlPath, {
        filter: WEEK_FILTER,
        database: DATABASE,
        generatedAt: GENERATED_AT,
      });
      html = await readFile(htmlPath, 'utf8');
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('loads all of time into plain data, in a deterministic order', async () => {
      const data = await loadReportData(handle.db, ALL_TIME);
      expect(data.meta).toEqual({
        period: 'all time',
        previousPeriod: null,
        filters: '',
        database: DATABASE,
      });
      expect(data.headlines.map((h) => [h.provider, h.current.sessions, h.previous])).toEqual([
        ['idnow', 6, null],
        ['verifa', 4, null],
        ['yoti', 3, null],
      ]);
      expect(data.weeklyOutcomes).toEqual([
        {
          provider: 'idnow',
          week: '2025-01-06',
          sessions: 3,
          approved: 2,
          rejected: 1,
          review: 0,
          none: 0,
          unknown: 0,
        },
        {
          provider: 'idnow',
          week: '2025-01-13',
          sessions: 3,
          approved: 1,
          rejected: 0,
          review: 0,
          none: 2,
          unknown: 0,
        },
        {
          provider: 'verifa',
          week: '2025-01-06',
          sessions: 1,
          approved: 0,
          rejected: 0,
          review: 1,
          none: 0,
          unknown: 0,
        },
        {
          provider: 'verifa',
          week: '2025-01-13',
          sessions: 3,
          approved: 1,
          rejected: 0,
          review: 0,
          none: 2,
          unknown: 0,
        },
        {
          provider: 'yoti',
          week: '2025-01-06',
          sessions: 3,
          approved: 1,
          rejected: 1,
          review: 0,
          none: 1,
          unknown: 0,
        },
      ]);
      expect(data.checkPassRates.map((c) => [c.provider, c.checkType, c.checks, c.passRate])).toEqual([
        ['idnow', 'DOCUMENT', 4, 0.75],
        ['idnow', 'FACE_MATCH', 1, 1],
        ['idnow', 'LIVENESS', 2, 0.5],
        ['verifa', 'DOCUMENT', 2, 0.5],
        ['verifa', 'LIVENESS', 2, 1],
        ['yoti', 'DOCUMENT', 2, 1],
        ['yoti', 'LIVENESS', 2, 0.5],
      ]);
      // percentile_cont interpolates: kyc-basic [60, 180, 300] → p90 = 180 + 0.8 × 120 = 276.
      expect(data.decisionLatency).toEqual([
        {
          provider: 'idnow',
          flowId: 'kyc-basic',
          flowName: 'kyc-basic',
          completed: 3,
          p50Seconds: 180,
          p90Seconds: 276,
          p99Seconds: expect.closeTo(297.6, 6),
        },
        {
          provider: 'idnow',
          flowId: 'kyc-full',
          flowName: 'kyc-full',
          completed: 1,
          p50Seconds: 3600,
          p90Seconds: 3600,
          p99Seconds: 3600,
        },
        {
          provider: 'verifa',
          flowId: 'kyc-basic',
          flowName: 'kyc-basic',
          completed: 2,
          p50Seconds: 180,
          p90Seconds: 228,
          p99Seconds: expect.closeTo(238.8, 6),
        },
        {
          provider: 'yoti',
          flowId: null,
          flowName: null,
          completed: 2,
          p50Seconds: 48_600,
          p90Seconds: 81_720,
          p99Seconds: 89_172,
        },
      ]);
      expect(data.funnel.map((f) => [f.provider, f.sessions, f.statuses])).toEqual([
        [
          'idnow',
          6,
          { created: 0, in_progress: 1, completed: 4, failed: 0, abandoned: 1, expired: 0, unknown: 0 },
        ],
        [
          'verifa',
          4,
          { created: 0, in_progress: 0, completed: 2, failed: 1, abandoned: 0, expired: 1, unknown: 0 },
        ],
        [
          'yoti',
          3,
          { created: 1, in_progress: 0, completed: 2, failed: 0, abandoned: 0, expired: 0, unknown: 0 },
        ],
      ]);
      // Open: i5, y3 (i6 is abandoned, v3 expired, v4 failed); oldest first.
      expect(data.openSessions.map((s) => [s.provider, s.connection, s.sessionId, s.status])).toEqual([
        ['yoti', 'yoti', 'y3', 'created'],
        ['idnow', 'idnow', 'i5', 'in_progress'],
      ]);
      // Per connection: idnow-eu wrote i6 but was named by no run.
      expect(
        data.syncHealth.map((h) => [
          h.provider,
          h.connection,
          h.lastRunStatus,
          h.lastSuccessAt !== null,
          h.sessionsSynced,
          h.openSessions,
          h.quarantinedErrors,
        ]),
      ).toEqual([
        ['idnow', 'idnow', 'succeeded', true, 5, 1, 0],
        ['idnow', 'idnow-eu', null, false, 1, 0, 0],
        ['verifa', 'verifa', 'partial', false, 4, 0, 1],
        ['yoti', 'yoti', 'succeeded', true, 3, 1, 0],
      ]);
      // i3 and y2 are the rejected sessions; without a reason they count as `other` (v1 is in review: not counted).
      expect(data.rejectionReasons).toEqual([
        { provider: 'idnow', reasonCode: 'other', sessions: 1 },
        { provider: 'yoti', reasonCode: 'other', sessions: 1 },
      ]);
      expect(renderHtml(data, GENERATED_AT)).toBe(renderHtml(structuredClone(data), GENERATED_AT));
    });

    it('computes the period, the previous period and the headline figures, by hand', async () => {
      const data = await loadReportData(handle.db, { ...ALL_TIME, filter: WEEK_FILTER });
      expect(data.meta.period).toBe('2025-01-13 to 2025-01-19 (UTC days, inclusive)');
      expect(data.meta.previousPeriod).toBe('2025-01-06 to 2025-01-12 (UTC days, inclusive)');
      const idnow = data.headlines.find((h) => h.provider === 'idnow')!;
      // This week i4 (approved, 1h), i5 (open), i6 (abandoned); the week before i1, i2 approved, i3 rejected.
      expect(idnow.current).toEqual({
        sessions: 3,
        completionRate: 1 / 3,
        approvalRate: 1,
        reviewRate: 0,
        p50Seconds: 3600,
        p90Seconds: 3600,
      });
      expect(idnow.previous).toEqual({
        sessions: 3,
        completionRate: 1,
        approvalRate: 2 / 3,
        reviewRate: 0,
        p50Seconds: 180,
        p90Seconds: 276,
      });
      // verifa's only session of the week before went to review: no approval rate, review rate 100 %.
      const verifa = data.headlines.find((h) => h.provider === 'verifa')!;
      expect(verifa.previous).toMatchObject({ sessions: 1, approvalRate: null, reviewRate: 1 });
      // yoti had sessions only the week before: it is listed, with nothing this week.
      const yoti = data.headlines.find((h) => h.provider === 'yoti')!;
      expect(yoti.current).toEqual({
        sessions: 0,
        completionRate: null,
        approvalRate: null,
        reviewRate: null,
        p50Seconds: null,
        p90Seconds: null,
      });
      expect(yoti.previous?.sessions).toBe(3);
      // The period narrows every section: no yoti bars this week, and the latency of this week only.
      expect(data.weeklyOutcomes.map((w) => [w.provider, w.week])).toEqual([
        ['idnow', '2025-01-13'],
        ['verifa', '2025-01-13'],
      ]);
      expect(data.decisionLatency.map((l) => [l.provider, l.flowId, l.completed])).toEqual([
        ['idnow', 'kyc-full', 1],
        ['verifa', 'kyc-basic', 1],
      ]);
    });

    it('filters by connection and flow', async () => {
      const eu = await loadReportData(handle.db, { ...ALL_TIME, filter: { connection: 'idnow-eu' } });
      expect(eu.funnel.map((f) => [f.provider, f.sessions, f.statuses.abandoned])).toEqual([['idnow', 1, 1]]);
      expect(eu.syncHealth.map((h) => h.connection)).toEqual(['idnow-eu']);
      const full = await loadReportData(handle.db, { ...ALL_TIME, filter: { flow: 'kyc-full' } });
      expect(full.headlines.map((h) => [h.provider, h.current.sessions])).toEqual([['idnow', 2]]);
      expect(full.meta.filters).toBe('flow kyc-full');
    });

    it('is self-contained and states the period and the database', () => {
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
      expect(html).not.toMatch(/<script|<link\b|@import|url\(/i);
      expect(html).toContain('<dd data-meta="period">2025-01-13 to 2025-01-19 (UTC days, inclusive)</dd>');
      expect(html).toContain(`<dd data-meta="database">${DATABASE}</dd>`);
      expect(html).toContain('<dd data-meta="generated">2025-01-20 08:30 UTC by idvkit</dd>');
      // Each rate is defined once.
      for (const term of ['Completion rate', 'Approval rate', 'Review rate', 'Pass rate (checks)']) {
        expect(html.split(`<dt>${term}</dt>`)).toHaveLength(2);
      }
    });

    it('draws every chart of the period with the exact series, volumes on one scale', () => {
      expect(seriesByChart(html)).toEqual([
        { chart: 'outcomes', series: OUTCOME_SERIES },
        { chart: 'outcomes', series: OUTCOME_SERIES },
        { chart: 'check-pass-rate', series: ['idnow', 'verifa'] },
        { chart: 'latency', series: ['p50', 'p90', 'p99'] },
        { chart: 'funnel', series: STATUS_SERIES },
      ]);
      // The same y-axis ticks in every volume chart.
      const axes = [...html.matchAll(/<svg [^>]*data-chart="outcomes"[^>]*>([\s\S]*?)<\/svg>/g)].map((m) =>
        [...m[1]!.matchAll(/<text [^>]*class="tick" text-anchor="end"[^>]*>([^<]*)<\/text>/g)].map(
          (t) => t[1],
        ),
      );
      expect(axes).toHaveLength(2);
      expect(axes[0]).toEqual(axes[1]);
      // This week: idnow DOCUMENT 1/1, FACE_MATCH 1/1; verifa 2/2 → all 100 %, so the axis zooms and says so.
      expect(html).toContain('class="zoom-note"');
      expect(html).toContain('data-table="open-sessions"');
      // No session of this week was rejected.
      expect(html).toMatch(
        /<section id="rejection-reasons">(?:(?!<\/section>)[\s\S])*<p class="empty">No data yet/,
      );
    });

    it('gives bars their exact values for the period, computed by hand from the dataset', () => {
      expect(titles(html)).toEqual(
        expect.arrayContaining([
          // outcomes of the week of 13 January: idnow i4 approved, i5 and i6 none.
          'idnow, week of 2025-01-13: 1 approved',
          'idnow, week of 2025-01-13: 2 none',
          'verifa, week of 2025-01-13: 2 none',
          // checks of that week: idnow i4 DOCUMENT pass.
          'idnow DOCUMENT: pass rate 100.0% — 1 pass, 0 fail, 0 review, 0 none, 0 unknown (1 check)',
          'idnow kyc-full p50: 1h (3600 s, 1 completed session)',
          'verifa kyc-basic p90: 4m (240 s, 1 completed session)',
          'idnow completed: 1 of 3 sessions (33.3%)',
          'verifa expired: 1 of 3 sessions (33.3%)',
        ]),
      );
      // Nothing of the week before: no review at verifa, nothing of yoti.
      expect(titles(html).some((t) => t.startsWith('yoti') || t.includes('review rate'))).toBe(false);
    });

    const hasChromium = existsSync(CHROMIUM);
    (hasChromium ? it : it.skip)(
      hasChromium
        ? 'renders in headless Chromium with the headline figures of the database, and saves a screenshot'
        : 'renders in headless Chromium — skipped: Chromium not installed (apt-get install chromium)',
      async () => {
        const { chromium } = await import('playwright-core');
        const browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        });
        try {
          const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
          const requests: string[] = [];
          page.on('request', (r) => requests.push(r.url()));
          const url = pathToFileURL(htmlPath).href;
          await page.goto(url, { waitUntil: 'load' });

          // The headline figures as shown, against figures computed from the database's rows.
          const shown = await page.evaluate(() =>
            Object.fromEntries(
              [...document.querySelectorAll('[data-headline]')].map((card) => [
                card.getAttribute('data-headline'),
                [...card.querySelectorAll('tr[data-metric]')].map((tr) => [
                  tr.getAttribute('data-metric'),
                  ...[...tr.querySelectorAll('td')].map((td) => td.textContent),
                ]),
              ]),
            ),
          );
          const now = await figuresFromDatabase(handle.db, WEEK_FILTER.since!, WEEK_FILTER.until!);
          const before = await figuresFromDatabase(
            handle.db,
            new Date('2025-01-06T00:00:00Z'),
            WEEK_FILTER.since!,
          );
          expect(Object.keys(shown)).toEqual(['idnow', 'verifa', 'yoti']);
          for (const provider of Object.keys(shown)) {
            expect(shown[provider], provider).toEqual(
              expectedCells(now.get(provider)!, before.get(provider)!),
            );
          }
          // And a few by hand: idnow completed 1 of 3 this week, 3 of 3 the week before.
          expect(shown.idnow).toEqual([
            ['sessions', '3', '3', '0 (0.0%)'],
            ['completionRate', '33.3%', '100.0%', '−66.7 pp'],
            ['approvalRate', '100.0%', '66.7%', '+33.3 pp'],
            ['reviewRate', '0.0%', '0.0%', '0.0 pp'],
            ['p50Seconds', '1h', '3m', '+57m'],
            ['p90Seconds', '1h', '4m 36s', '+55m 24s'],
          ]);

          const charts = await page.evaluate(() =>
            [...document.querySelectorAll('svg[data-chart]')].map((svg) => {
              const box = svg.getBoundingClientRect();
              const series = [...svg.querySelectorAll('[data-series]')].map((g) => ({
                name: g.getAttribute('data-series'),
                drawn: [...g.querySelectorAll('rect')].filter((r) => {
                  const b = r.getBoundingClientRect();
                  return b.width > 0 && b.height > 0;
                }).length,
              }));
              // Every label inside its chart: nothing cut off.
              const cut = [...svg.querySelectorAll('text')]
                .filter((t) => {
                  const b = t.getBoundingClientRect();
                  return b.left < box.left - 0.5 || b.right > box.right + 0.5;
                })
                .map((t) => t.textContent);
              return {
                chart: svg.getAttribute('data-chart'),
                provider: svg.getAttribute('data-provider'),
                width: box.width,
                height: box.height,
                cut,
                series: Object.fromEntries(series.map((s) => [s.name, s.drawn])),
              };
            }),
          );
          for (const c of charts) {
            expect(c.width, `${c.chart} width`).toBeGreaterThan(0);
            expect(c.height, `${c.chart} height`).toBeGreaterThan(0);
            expect(c.cut, `${c.chart} labels cut off`).toEqual([]);
          }
          // Drawn bars per series (non-zero width and height), counted by hand for the week of 13 January.
          expect(charts.map(({ chart, provider, series }) => ({ chart, provider, series }))).toEqual([
            {
              chart: 'outcomes',
              provider: 'idnow',
              series: { approved: 1, rejected: 0, review: 0, none: 1, unknown: 0 },
            },
            {
              chart: 'outcomes',
              provider: 'verifa',
              series: { approved: 1, rejected: 0, review: 0, none: 1, unknown: 0 },
            },
            { chart: 'check-pass-rate', provider: null, series: { idnow: 2, verifa: 2 } },
            { chart: 'latency', provider: null, series: { p50: 2, p90: 2, p99: 2 } },
            {
              chart: 'funnel',
              provider: null,
              series: {
                created: 0,
                in_progress: 1,
                completed: 2,
                failed: 1,
                abandoned: 1,
                expired: 1,
                unknown: 0,
              },
            },
          ]);
          // Opening it fetched nothing but the file itself.
          expect(requests).toEqual([url]);

          await page.screenshot({ path: pngPath, fullPage: true });
          expect((await stat(pngPath)).size).toBeGreaterThan(10_000);
        } finally {
          await browser.close();
        }
      },
    );
  });

  describe(`idvkit report --html with flow names and rejection reasons (migration 008) [${target.name}]`, () => {
    it('shows flow names and the top rejection reasons', async () => {
      const db = await target.open();
      try {
        await loadDataset(db.db);
        await addCatalogueAndReasons(db.db);
        const data = await loadReportData(db.db, ALL_TIME);
        expect(data.decisionLatency.map((l) => [l.flowId, l.flowName])).toEqual([
          ['kyc-basic', 'Basic KYC'],
          ['kyc-full', 'Full KYC'],
          ['kyc-basic', 'kyc-basic'],
          [null, null],
        ]);
        expect(data.rejectionReasons).toEqual([
          { provider: 'idnow', reasonCode: 'document_unreadable', sessions: 1 },
          { provider: 'yoti', reasonCode: 'face_mismatch', sessions: 1 },
        ]);
        // --flow takes a name too.
        const byName = await loadReportData(db.db, { ...ALL_TIME, filter: { flow: 'Full KYC' } });
        expect(byName.funnel.map((f) => [f.provider, f.sessions])).toEqual([['idnow', 2]]);
        const page = renderHtml(data, GENERATED_AT);
        expect(page).toContain('idnow Basic KYC p50: 3m');
        expect(page).toContain('idnow document_unreadable: 1 rejected session');
      } finally {
        await db.close();
      }
    });
  });

  describe(`idvkit report --html on a database without rejection reasons [${target.name}]`, () => {
    it('says the section is not available, and shows flow ids', async () => {
      const db = await target.open();
      try {
        await loadDataset(db.db);
        // What a database before migration 008 lacks, as far as the report looks (by name); the views depend on
        // idv.flows, which stays (empty here: flow names are the ids).
        await sql`DROP VIEW idv.v_rejection_reasons`.execute(db.db);
        const data = await loadReportData(db.db, ALL_TIME);
        expect(data.rejectionReasons).toBeNull();
        expect(data.decisionLatency.map((l) => l.flowName)).toEqual(
          data.decisionLatency.map((l) => l.flowId),
        );
        expect(renderHtml(data, GENERATED_AT)).toContain(
          'Not available: this database has no rejection reasons yet',
        );
      } finally {
        await db.close();
      }
    });
  });

  describe(`idvkit report --html on an empty database [${target.name}]`, () => {
    it('says "no data yet" instead of drawing empty charts', async () => {
      const empty = await target.open();
      try {
        const data: ReportData = await loadReportData(empty.db, ALL_TIME);
        expect(data).toMatchObject({
          headlines: [],
          openSessions: [],
          weeklyOutcomes: [],
          checkPassRates: [],
          decisionLatency: [],
          funnel: [],
          syncHealth: [],
        });
        const page = renderHtml(data, GENERATED_AT);
        expect(page).not.toContain('data-chart=');
        expect(page.match(/<p class="empty">No data yet/g)).toHaveLength(8);
      } finally {
        await empty.close();
      }
    });
  });
}

/** Reasons for the two rejected sessions (i3, y2) and names for the two idnow flows in `idv.flows`. */
async function addCatalogueAndReasons(db: IdvDb): Promise<void> {
  await sql`UPDATE idv.sessions SET reason_code = 'document_unreadable' WHERE session_id = 'i3'`.execute(db);
  await sql`UPDATE idv.sessions SET reason_code = 'face_mismatch' WHERE session_id = 'y2'`.execute(db);
  await sql`INSERT INTO idv.flows (provider, connection, flow_id, name, first_seen_at, last_seen_at)
    VALUES ('idnow', 'idnow', 'kyc-basic', 'Basic KYC', ${NOW.toISOString()}, ${NOW.toISOString()}),
           ('idnow', 'idnow', 'kyc-full', 'Full KYC', ${NOW.toISOString()}, ${NOW.toISOString()})
    ON CONFLICT DO NOTHING`.execute(db);
}

describe('renderHtml', () => {
  it('escapes every text it draws', () => {
    const evil = `<img src="https://x.example/a.png" onerror='1'>&`;
    const data: ReportData = {
      meta: { period: evil, previousPeriod: evil, filters: evil, database: evil },
      headlines: [
        {
          provider: evil,
          current: {
            sessions: 1,
            completionRate: 1,
            approvalRate: 1,
            reviewRate: 0,
            p50Seconds: 1,
            p90Seconds: 1,
          },
          previous: null,
        },
      ],
      rejectionReasons: [{ provider: evil, reasonCode: evil, sessions: 1 }],
      openSessions: [
        {
          provider: evil,
          connection: evil,
          sessionId: evil,
          flowName: evil,
          status: evil,
          createdAt: null,
          ageSeconds: null,
        },
      ],
      weeklyOutcomes: [
        {
          provider: evil,
          week: '2025-01-06',
          sessions: 1,
          approved: 1,
          rejected: 0,
          review: 0,
          none: 0,
          unknown: 0,
        },
      ],
      checkPassRates: [
        {
          provider: evil,
          checkType: evil,
          checks: 1,
          pass: 1,
          fail: 0,
          review: 0,
          none: 0,
          unknown: 0,
          passRate: 1,
        },
      ],
      decisionLatency: [
        {
          provider: evil,
          flowId: evil,
          flowName: evil,
          completed: 1,
          p50Seconds: 1,
          p90Seconds: 1,
          p99Seconds: 1,
        },
      ],
      funnel: [
        {
          provider: evil,
          sessions: 1,
          statuses: {
            created: 1,
            in_progress: 0,
            completed: 0,
            failed: 0,
            abandoned: 0,
            expired: 0,
            unknown: 0,
          },
        },
      ],
      syncHealth: [
        {
          provider: evil,
          connection: evil,
          lastRunAt: null,
          lastRunStatus: evil,
          lastSuccessAt: null,
          sessionsSynced: 1,
          openSessions: 1,
          quarantinedErrors: 0,
        },
      ],
    };
    const page = renderHtml(data, GENERATED_AT);
    expect(page).not.toContain('<img');
    expect(page).not.toContain(`onerror='1'`);
    expect(page).toContain('&lt;img src=&quot;https://x.example/a.png&quot; onerror=&#39;1&#39;&gt;&amp;');
    expect(page).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  });
});
