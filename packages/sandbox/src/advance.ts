import { DAY, isoMs, MINUTE } from './clock.js';
import type { ProviderData } from './data/provider-data.js';
import { type BaseRecord, timeBetween } from './data/store.js';
import { Rng } from './prng.js';
import type { SandboxState } from './state.js';
import { type AdvanceOptions, type IdsByProvider, PROVIDERS } from './types.js';

/** Result of moving the data (before webhooks are delivered). */
export interface AdvanceOutcome {
  now: string;
  changed: IdsByProvider;
  created: IdsByProvider;
  deleted: IdsByProvider;
}

/** Validates advance options; returns an error message or null. */
export function checkAdvanceOptions(opts: AdvanceOptions): string | null {
  const { minutes, create, progress, deleteOlderThanDays } = opts;
  if (minutes !== undefined && !(Number.isFinite(minutes) && minutes >= 0)) return 'minutes must be >= 0';
  if (create !== undefined && !(Number.isInteger(create) && create >= 0))
    return 'create must be an integer >= 0';
  if (progress !== undefined && !(Number.isFinite(progress) && progress >= 0 && progress <= 1)) {
    return 'progress must be between 0 and 1';
  }
  if (
    deleteOlderThanDays !== undefined &&
    !(Number.isFinite(deleteOlderThanDays) && deleteOlderThanDays >= 0)
  ) {
    return 'deleteOlderThanDays must be >= 0';
  }
  return null;
}

const emptyIds = (): IdsByProvider => ({ idnow: [], yoti: [], complycube: [], verifa: [] });

/**
 * Moves the virtual clock and the data with it: expires what is due, moves a `progress` fraction of
 * open sessions on by one step, creates `create` sessions per provider and deletes sessions older
 * than `deleteOlderThanDays`. Every change bumps the session's `updatedAt` into the advanced interval.
 * Deterministic given the seed and the sequence of calls (`callIndex`).
 */
export function advanceData(state: SandboxState, opts: AdvanceOptions, callIndex: number): AdvanceOutcome {
  const problem = checkAdvanceOptions(opts);
  if (problem) throw new RangeError(problem);
  const from = state.clock.nowMs();
  const to = from + Math.round((opts.minutes ?? 60) * MINUTE);
  state.clock.advance(to - from);
  const progress = opts.progress ?? 0.5;
  const result: AdvanceOutcome = {
    now: isoMs(to),
    changed: emptyIds(),
    created: emptyIds(),
    deleted: emptyIds(),
  };
  for (const provider of PROVIDERS) {
    const rng = Rng.from(state.seed, 'advance', callIndex, provider);
    const data = state[provider] as ProviderData<BaseRecord>;
    const changed: BaseRecord[] = [];
    if (to > from) {
      for (const record of data.store.all()) {
        if (data.expire(record, from, to)) {
          changed.push(record);
        } else if (data.isOpen(record) && rng.chance(progress)) {
          const t = Math.max(
            timeBetween(() => rng.next(), from, to),
            record.updatedAt + 1,
          );
          if (data.step(rng, record, t)) changed.push(record);
        }
      }
    }
    const created = to > from ? data.create(rng, opts.create ?? 0, from, to) : [];
    let deletedIds = new Set<string>();
    if (opts.deleteOlderThanDays !== undefined) {
      const cutoff = to - opts.deleteOlderThanDays * DAY;
      const removed = data.store.deleteWhere((r) => r.createdAt < cutoff);
      data.onDeleted?.(removed);
      deletedIds = new Set(removed.map((r) => r.id));
    }
    if (changed.length > 0) data.store.touch();
    result.changed[provider] = changed.map((r) => r.id).filter((id) => !deletedIds.has(id));
    result.created[provider] = created.map((r) => r.id).filter((id) => !deletedIds.has(id));
    result.deleted[provider] = [...deletedIds];
  }
  return result;
}
