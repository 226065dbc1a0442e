import type { WorkflowSession } from '@idvkit/complycube';

/**
 * Workflow sessions as the list returned them, kept until their fetch takes them, so a listed session needs no
 * `GET /workflowSessions/{id}`: the list items are the same `WorkflowSession` objects as the detail (the
 * spec's `WorkflowSessionList`, and the sandbox renders both alike). The docs' list example is trimmed,
 * so an item without `allRelatedChecks` is not kept and its detail is read instead.
 *
 * Only the fetch of the listed reference itself gets the item: a reference made from an id alone (re-poll,
 * webhook, deletion check, a worker's fetch job) has no `updatedAt` and reads the detail, since a kept item
 * may be older than what made the session worth fetching. Bounded: the engine lists one page ahead of the
 * fetches, so a few pages' worth covers every listed session it fetches; items it skipped (unchanged) are
 * dropped oldest first.
 */
export class ListedSessions {
  readonly #items = new Map<string, WorkflowSession>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Keeps a list item (the newest listing of a session replaces an older one). */
  put(session: WorkflowSession): void {
    if (!Array.isArray(session.allRelatedChecks) || typeof session.id !== 'string') return;
    this.#items.delete(session.id);
    this.#items.set(session.id, session);
    if (this.#items.size > this.#capacity) {
      const oldest = this.#items.keys().next().value;
      if (oldest !== undefined) this.#items.delete(oldest);
    }
  }

  /**
   * The listed session for a reference from that listing (same `updatedAt`), removed from the cache; undefined
   * for a reference made from an id alone.
   */
  take(id: string, listedUpdatedAt: Date | null): WorkflowSession | undefined {
    const session = this.#items.get(id);
    if (!session || listedUpdatedAt === null) return undefined;
    this.#items.delete(id);
    const updatedAt = session.updatedAt ? Date.parse(session.updatedAt) : Number.NaN;
    return updatedAt === listedUpdatedAt.getTime() ? session : undefined;
  }
}
