/** Fields every stored session record has (epoch-millisecond timestamps on the virtual clock). */
export interface BaseRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * One provider's sessions: insertion-ordered records, an id index, the ids deleted so far and a
 * version that bumps on every mutation (it keys the sorted-view cache).
 */
export class RecordStore<R extends BaseRecord> {
  private list: R[] = [];
  private readonly index = new Map<string, R>();
  private readonly views = new Map<string, { version: number; items: R[] }>();
  readonly deletedIds: string[] = [];
  version = 0;

  /** Current records in creation order. */
  all(): readonly R[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  get(id: string): R | undefined {
    return this.index.get(id);
  }

  add(record: R): void {
    this.list.push(record);
    this.index.set(record.id, record);
    this.version++;
  }

  /** Marks a record as changed (invalidates sorted views). */
  touch(): void {
    this.version++;
  }

  /** Deletes every record matching `predicate`; returns the deleted records. */
  deleteWhere(predicate: (record: R) => boolean): R[] {
    const removed: R[] = [];
    const kept: R[] = [];
    for (const record of this.list) {
      if (predicate(record)) {
        removed.push(record);
        this.index.delete(record.id);
        this.deletedIds.push(record.id);
      } else {
        kept.push(record);
      }
    }
    if (removed.length > 0) {
      this.list = kept;
      this.version++;
    }
    return removed;
  }

  /** A cached, sorted (and optionally filtered) view; recomputed after any mutation. */
  view(key: string, compare: (a: R, b: R) => number, filter?: (record: R) => boolean): readonly R[] {
    const cached = this.views.get(key);
    if (cached && cached.version === this.version) return cached.items;
    const items = (filter ? this.list.filter(filter) : [...this.list]).sort(compare);
    this.views.set(key, { version: this.version, items });
    return items;
  }
}

/** Orders by `createdAt` descending, then id descending (a stable "newest first"). */
export function newestFirst(a: BaseRecord, b: BaseRecord): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Picks a uniformly random time in (from, to], at least one millisecond after `from`. */
export function timeBetween(next: () => number, from: number, to: number): number {
  if (to <= from) return from + 1;
  return from + 1 + Math.floor(next() * (to - from));
}
