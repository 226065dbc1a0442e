import type { PollSchedule } from '@idvkit/db';
import * as z from 'zod';
import { ConfigError } from '../../config/config-error.js';
import { duration, durationMs } from '../../config/duration.js';
import { strict } from '../../config/schema-kit.js';

/**
 * The default backoff: sessions are polled every 5 minutes in their first hour, hourly up to 6 hours, every
 * 6 hours up to a day, then daily until retention.
 */
export const DEFAULT_POLL_SCHEDULE = [
  { olderThan: '0m', every: '5m' },
  { olderThan: '1h', every: '1h' },
  { olderThan: '6h', every: '6h' },
  { olderThan: '1d', every: '1d' },
] as const;

/**
 * Yoti keeps a session for its `resources_ttl`, 7 days unless the session was created with another (at least
 * 24 h; more than 3 months is billed). After that a read answers 404.
 * @see https://developers.yoti.com/v11-2026/identity-verification-api (create session, `resources_ttl`)
 */
export const DEFAULT_RETENTION = '7d';

/** The keys of a Yoti connection that say when open sessions are fetched again. */
export const POLL_CONFIG_SHAPE = {
  pollSchedule: z
    .array(
      strict({
        olderThan: duration('The age (since creation or first discovery) from which this step applies.'),
        every: duration('How often a session of that age is fetched again.'),
      }),
    )
    .optional()
    .meta({
      description:
        'When open sessions are fetched again (Yoti has no list endpoint). Steps by age, ascending; a session younger than the first step is fetched on every run. A notification, a webhook or `idvkit enqueue` makes a session due at once; `sync --full` fetches every open one.',
      default: DEFAULT_POLL_SCHEDULE,
    }),
  retention: duration(
    "How long Yoti keeps a session: the resources_ttl your sessions are created with (Yoti's default, 7 days). Open sessions older than this are no longer fetched.",
  )
    .optional()
    .meta({ default: DEFAULT_RETENTION }),
};

type PollInput = {
  pollSchedule?: ReadonlyArray<{ olderThan: string; every: string }> | undefined;
  retention?: string | undefined;
};

/** The schedule as the engine hands it to the database: milliseconds, steps strictly ascending by age. */
export function buildPollSchedule(v: PollInput, where: string): PollSchedule {
  const steps = (v.pollSchedule ?? DEFAULT_POLL_SCHEDULE).map((s) => ({
    olderThanMs: durationMs(s.olderThan),
    everyMs: durationMs(s.every),
  }));
  steps.forEach((s, i) => {
    const before = steps[i - 1];
    if (before && s.olderThanMs <= before.olderThanMs) {
      throw new ConfigError(
        `${where}.pollSchedule[${i}].olderThan: expected a longer age than the step before (${v.pollSchedule?.[i - 1]?.olderThan}), received "${v.pollSchedule?.[i]?.olderThan}"`,
      );
    }
    if (s.everyMs === 0) {
      throw new ConfigError(
        `${where}.pollSchedule[${i}].every: expected a duration above zero, received "${v.pollSchedule?.[i]?.every}"`,
      );
    }
  });
  const retentionMs = durationMs(v.retention ?? DEFAULT_RETENTION);
  if (retentionMs === 0) {
    throw new ConfigError(`${where}.retention: expected a duration above zero, received "${v.retention}"`);
  }
  return { steps, retentionMs };
}
