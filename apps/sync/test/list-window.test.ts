import { describe, expect, it } from 'vitest';
import { listWindow } from '../src/engine/list-window.js';

const d = (s: string) => new Date(s);
const base = {
  full: false,
  since: null,
  watermark: d('2026-11-10T00:00:00Z'),
  oldestOpen: null,
  listsByUpdatedAt: false,
  lookbackMs: 3_600_000,
  reopenWindowMs: 30 * 86_400_000,
};

describe('listWindow', () => {
  it.each([
    ['first run reads everything', { watermark: null }, { stopBefore: null, updatedAfter: null }],
    ['--full reads everything', { full: true }, { stopBefore: null, updatedAfter: null }],
    [
      '--full --since bounds it',
      { full: true, since: d('2026-11-01T00:00:00Z') },
      { stopBefore: d('2026-11-01T00:00:00Z'), updatedAfter: d('2026-11-01T00:00:00Z') },
    ],
    [
      'newest-first: watermark minus lookback',
      {},
      { stopBefore: d('2026-11-09T23:00:00Z'), updatedAfter: null },
    ],
    [
      'newest-first: back to the oldest open session',
      { oldestOpen: d('2026-11-05T00:00:00Z') },
      { stopBefore: d('2026-11-04T23:00:00Z'), updatedAfter: null },
    ],
    [
      'newest-first: open sessions beyond the reopen window are re-polled, not listed',
      { oldestOpen: d('2026-01-01T00:00:00Z') },
      { stopBefore: d('2026-10-10T23:00:00Z'), updatedAfter: null },
    ],
    [
      'updated-after sources: watermark minus lookback',
      { listsByUpdatedAt: true },
      { stopBefore: null, updatedAfter: d('2026-11-09T23:00:00Z') },
    ],
  ])('%s', (_name, given, want) => {
    expect(listWindow({ ...base, ...given })).toEqual(want);
  });
});
