import type { Rng } from '../prng.js';
import type { BaseRecord, RecordStore } from './store.js';

/** What one provider's data module offers the server and `advance`. */
export interface ProviderData<R extends BaseRecord> {
  readonly store: RecordStore<R>;
  /** Creates `count` new sessions in their initial state, created within (from, to]. */
  create(rng: Rng, count: number, from: number, to: number): R[];
  /** Whether the session can still change on its own. */
  isOpen(record: R): boolean;
  /** Moves an open session on by one step at time `t`; returns whether it changed. */
  step(rng: Rng, record: R, t: number): boolean;
  /** Applies time-based transitions (expiry) up to `to`; returns whether the session changed. */
  expire(record: R, from: number, to: number): boolean;
  /** Called after records were deleted (retention). */
  onDeleted?(records: readonly R[]): void;
}
