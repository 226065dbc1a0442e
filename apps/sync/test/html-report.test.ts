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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportData } from '../src/report/html/load-report-data.js';
import { renderHtml } from '../src/report/html/render-html.js';
import type { ReportData } from '../src/report/html/report-data.js';
import { writeHtmlReport } from '../src/report/html/write-html-report.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT_DIR = fileURLToPath(new URL('../../../test-output/', import.meta.url));
const GENERATED_AT = new Date('2025-01-20T08:30:00Z');
const NOW = new Date('2025-01-20T08:00:00Z');

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
  session('idnow', 'i6', 'kyc-basic', '2025-01-15T10:00:00Z', 'abandoned', 'none', null),
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
      await writeHtmlReport(handle.db, htmlPath, GENERATED_AT);
      html = await readFile(htmlPath, 'utf8');
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('loads the views into plain data, in a deterministic order', async () => {
      const data = await loadReportData(handle.db);
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
          completed: 3,
          p50Seconds: 180,
          p90Seconds: 276,
          p99Seconds: expect.closeTo(297.6, 6),
        },
        {
          provider: 'idnow',
          flowId: 'kyc-full',
          completed: 1,
          p50Seconds: 3600,
          p90Seconds: 3600,
          p99Seconds: 3600,
        },
        {
          provider: 'verifa',
          flowId: 'kyc-basic',
          completed: 2,
          p50Seconds: 180,
          p90Seconds: 228,
          p99Seconds: expect.closeTo(238.8, 6),
        },
        {
          provider: 'yoti',
          flowId: null,
          completed: 2,
          p50Seconds: 48_600,
          p90Seconds: 81_720,
          p99Seconds: 89_172,
        },
      ]);
      expect(data.funnel).toEqual([
        {
          provider: 'idnow',
          sessions: 6,
          statuses: {
            created: 0,
            in_progress: 1,
            completed: 4,
            failed: 0,
            abandoned: 1,
            expired: 0,
            unknown: 0,
          },
        },
        {
          provider: 'verifa',
          sessions: 4,
          statuses: {
            created: 0,
            in_progress: 0,
            completed: 2,
            failed: 1,
            abandoned: 0,
            expired: 1,
            unknown: 0,
          },
        },
        {
          provider: 'yoti',
          sessions: 3,
          statuses: {
            created: 1,
            in_progress: 0,
            completed: 2,
            failed: 0,
            abandoned: 0,
            expired: 0,
            unknown: 0,
          },
        },
      ]);
      expect(
        data.syncHealth.map((h) => [
          h.provider,
          h.lastRunStatus,
          h.lastSuccessAt !== null,
          h.sessionsSynced,
          h.openSessions,
          h.quarantinedErrors,
        ]),
      ).toEqual([
        ['idnow', 'succeeded', true, 6, 1, 0],
        ['verifa', 'partial', false, 4, 0, 1],
        ['yoti', 'succeeded', true, 3, 1, 0],
      ]);
      // The file is exactly the pure rendering of that data: deterministic for the same data and time.
      expect(html).toBe(renderHtml(data, GENERATED_AT));
      expect(renderHtml(data, GENERATED_AT)).toBe(renderHtml(structuredClone(data), GENERATED_AT));
    });

    it('is self-contained: no external src/href, no scripts, no stylesheets to fetch', () => {
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
      expect(html).not.toMatch(/<script|<link\b|@import|url\(/i);
      expect(html).toContain('Generated 2025-01-20 08:30 UTC');
    });

    it('draws every chart with the exact series', () => {
      expect(seriesByChart(html)).toEqual([
        { chart: 'outcomes', series: OUTCOME_SERIES },
        { chart: 'outcomes', series: OUTCOME_SERIES },
        { chart: 'outcomes', series: OUTCOME_SERIES },
        { chart: 'check-pass-rate', series: ['idnow', 'verifa', 'yoti'] },
        { chart: 'latency', series: ['p50', 'p90', 'p99'] },
        { chart: 'funnel', series: STATUS_SERIES },
      ]);
      expect([...html.matchAll(/data-chart="outcomes" data-provider="([^"]+)"/g)].map((m) => m[1])).toEqual([
        'idnow',
        'verifa',
        'yoti',
      ]);
      expect(html).toContain('<table class="health" data-table="sync-health">');
      expect(html).not.toContain('No data yet');
    });

    it('gives bars their exact values, computed by hand from the dataset', () => {
      const all = titles(html);
      expect(all).toEqual(
        expect.arrayContaining([
          // outcomes: idnow i1 + i2 approved in the week of Monday 6 January; verifa v1 the only review.
          'idnow, week of 2025-01-06: 2 approved',
          'idnow, week of 2025-01-13: 2 none',
          'verifa, week of 2025-01-06: 1 review',
          'yoti, week of 2025-01-06: 1 rejected',
          // checks: idnow DOCUMENT pass i1, i2, i4, fail i3.
          'idnow DOCUMENT: pass rate 75.0% — 3 pass, 1 fail, 0 review, 0 none, 0 unknown (4 checks)',
          'verifa DOCUMENT: pass rate 50.0% — 1 pass, 0 fail, 1 review, 0 none, 0 unknown (2 checks)',
          'yoti LIVENESS: pass rate 50.0% — 1 pass, 1 fail, 0 review, 0 none, 0 unknown (2 checks)',
          // latency
          'idnow kyc-basic p50: 3m (180 s, 3 completed sessions)',
          'idnow kyc-basic p90: 4m 36s (276 s, 3 completed sessions)',
          'idnow kyc-full p99: 1h (3600 s, 1 completed session)',
          'yoti (no flow) p50: 13h 30m (48600 s, 2 completed sessions)',
          // funnel
          'idnow completed: 4 of 6 sessions (66.7%)',
          'verifa expired: 1 of 4 sessions (25.0%)',
          'yoti created: 1 of 3 sessions (33.3%)',
        ]),
      );
      // Zero-valued segments are not drawn: nobody at idnow expired, no outcome is unknown.
      expect(all.some((t) => t.startsWith('idnow expired'))).toBe(false);
      expect(all.some((t) => / unknown$/.test(t))).toBe(false);
      // The sync-health table: verifa's run was partial with one quarantined record, never succeeded.
      const verifaRow = /<tr data-provider="verifa">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
      expect(verifaRow).toContain('>partial<');
      expect(verifaRow).toContain('<td>never</td>');
      expect(verifaRow).toContain('<td class="num warn">1</td>');
    });

    const hasChromium = existsSync(CHROMIUM);
    (hasChromium ? it : it.skip)(
      hasChromium
        ? 'renders in headless Chromium with every series drawn, and saves a screenshot'
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
              return {
                chart: svg.getAttribute('data-chart'),
                provider: svg.getAttribute('data-provider'),
                width: box.width,
                height: box.height,
                series: Object.fromEntries(series.map((s) => [s.name, s.drawn])),
              };
            }),
          );
          for (const c of charts) {
            expect(c.width, `${c.chart} width`).toBeGreaterThan(0);
            expect(c.height, `${c.chart} height`).toBeGreaterThan(0);
          }
          // Drawn bars per series (non-zero width and height), counted by hand from the dataset.
          expect(charts.map(({ chart, provider, series }) => ({ chart, provider, series }))).toEqual([
            {
              chart: 'outcomes',
              provider: 'idnow',
              series: { approved: 2, rejected: 1, review: 0, none: 1, unknown: 0 },
            },
            {
              chart: 'outcomes',
              provider: 'verifa',
              series: { approved: 1, rejected: 0, review: 1, none: 1, unknown: 0 },
            },
            {
              chart: 'outcomes',
              provider: 'yoti',
              series: { approved: 1, rejected: 1, review: 0, none: 1, unknown: 0 },
            },
            { chart: 'check-pass-rate', provider: null, series: { idnow: 3, verifa: 2, yoti: 2 } },
            { chart: 'latency', provider: null, series: { p50: 4, p90: 4, p99: 4 } },
            {
              chart: 'funnel',
              provider: null,
              series: {
                created: 1,
                in_progress: 1,
                completed: 3,
                failed: 1,
                abandoned: 1,
                expired: 1,
                unknown: 0,
              },
            },
          ]);
          // A wider bar for a larger value: idnow DOCUMENT (75 %) against LIVENESS (50 %).
          const widths = await page.evaluate(() =>
            Object.fromEntries(
              [...document.querySelectorAll('svg[data-chart="check-pass-rate"] rect')].map((r) => [
                r.querySelector('title')?.textContent?.split(':')[0],
                r.getBoundingClientRect().width,
              ]),
            ),
          );
          expect(widths['idnow DOCUMENT']! / widths['idnow LIVENESS']!).toBeCloseTo(1.5, 2);
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

  describe(`idvkit report --html on an empty database [${target.name}]`, () => {
    it('says "no data yet" instead of drawing empty charts', async () => {
      const empty = await target.open();
      try {
        const data: ReportData = await loadReportData(empty.db);
        expect(data).toEqual({
          weeklyOutcomes: [],
          checkPassRates: [],
          decisionLatency: [],
          funnel: [],
          syncHealth: [],
        });
        const page = renderHtml(data, GENERATED_AT);
        expect(page).not.toContain('data-chart=');
        expect(page.match(/<p class="empty">No data yet/g)).toHaveLength(5);
        expect(page).toContain('No sessions synced yet.');
      } finally {
        await empty.close();
      }
    });
  });
}

describe('renderHtml', () => {
  it('escapes every text it draws', () => {
    const evil = `<img src="https://x.example/a.png" onerror='1'>&`;
    const data: ReportData = {
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
        { provider: evil, flowId: evil, completed: 1, p50Seconds: 1, p90Seconds: 1, p99Seconds: 1 },
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
