import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import type { YotiConfig } from '../src/providers/yoti/config.js';

const yoti = (extra: Record<string, unknown>) => ({
  providers: { yoti: { sdkId: 'sdk', privateKeyPath: '/nonexistent.pem', ...extra } },
});
const pollOf = (extra: Record<string, unknown>) =>
  (parseConfig(yoti(extra), {}).connections[0]!.config as YotiConfig).poll;

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('Yoti pollSchedule and retention', () => {
  it('defaults to 5m → 1h → 6h → 1d until 7 days', () => {
    expect(pollOf({})).toEqual({
      steps: [
        { olderThanMs: 0, everyMs: 5 * MIN },
        { olderThanMs: HOUR, everyMs: HOUR },
        { olderThanMs: 6 * HOUR, everyMs: 6 * HOUR },
        { olderThanMs: DAY, everyMs: DAY },
      ],
      retentionMs: 7 * DAY,
    });
  });

  it('takes a schedule and a retention of the connection', () => {
    const poll = pollOf({
      pollSchedule: [
        { olderThan: '0s', every: '30s' },
        { olderThan: '2d', every: '12h' },
      ],
      retention: '90d',
    });
    expect(poll).toEqual({
      steps: [
        { olderThanMs: 0, everyMs: 30_000 },
        { olderThanMs: 2 * DAY, everyMs: 12 * HOUR },
      ],
      retentionMs: 90 * DAY,
    });
  });

  it.each([
    [
      'a duration without a unit',
      { retention: '7' },
      /retention: expected a duration such as "30s", "5m", "1h" or "7d", received "7"/,
    ],
    [
      'steps out of order',
      {
        pollSchedule: [
          { olderThan: '1h', every: '1h' },
          { olderThan: '30m', every: '5m' },
        ],
      },
      /pollSchedule\[1\]\.olderThan: expected a longer age than the step before \(1h\), received "30m"/,
    ],
    [
      'a zero interval',
      { pollSchedule: [{ olderThan: '0m', every: '0m' }] },
      /pollSchedule\[0\]\.every: expected a duration above zero, received "0m"/,
    ],
    [
      'an unknown key in a step',
      { pollSchedule: [{ olderThan: '0m', every: '5m', jitter: '1m' }] },
      /unknown key/,
    ],
  ])('refuses %s with one line', (_name, extra, message) => {
    expect(() => parseConfig(yoti(extra), {})).toThrow(message);
  });
});
