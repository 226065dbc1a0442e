import type { WorkflowSession } from '@idvkit/complycube';

/**
 * Workflow sessions as the list returned them, kept until their fetch takes them, so a listed session needs no
 * `GET /workflowSessions/{id}`: the list items are the same `WorkflowSession` objects as the detail (the
 * spec's `WorkflowSessionList`, and the sandbox renders both alike). The docs' list example is trimmed,
 * so an item without `allRelatedChecks` is not kept and its detail is read instead.
 *
 * Bounded: the engine lists one page ahead of the fetches, so a few pages' worth covers every listed session
 * it fetches; items it skipped (unchanged) are dropped oldest first. A session known only by id (re-poll,
 * webhook, deletion check) is a miss and reads the detail.
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

  /** The listed session, removed from the cache (a later fetch of the same id reads it anew). */
  take(id: string): WorkflowSession | undefined {
    const session = this.#items.get(id);
    this.#items.delete(id);
    return session;
  }
}
