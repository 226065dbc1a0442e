import type { ResultListItem, VerifaClient } from '@idvkit/verifa';

/**
 * The results of one list window, read with one paged `GET /results?created_after=…` instead of one
 * `GET /sessions/{id}/result` per session: 100 results a request rather than one.
 *
 * - Read lazily, once, when the first fetched session needs a result (a run where nothing changed reads
 *   nothing); the fetches waiting meanwhile share that read.
 * - `created_after` is the window's lower bound: a session in the window got its result after it was created,
 *   so every result it can have is listed (and so are those of older open sessions that ended since).
 * - A listed result is used only when it is at least as new as the session (`created_at ≥ updated_at`): a
 *   manual review changes an `under_review` session's result after the listing may have been read, and a
 *   result listed before that change must not win. Anything else (no timestamp, not listed, listed too early)
 *   is read per session, as is every session fetched outside a window (queue, webhook).
 * - A failed listing is not an error: the results it did not bring are read per session.
 */
export class ResultsWindow {
  #client: VerifaClient;
  #window: { createdAfter: Date | null; signal: AbortSignal } | null = null;
  #loading: Promise<void> | null = null;
  #byId = new Map<string, ResultListItem>();

  constructor(client: VerifaClient) {
    this.#client = client;
  }

  /** A list window is being read (sessions created at or after `createdAfter`; null: all). */
  open(createdAfter: Date | null, signal: AbortSignal): void {
    this.#window = { createdAfter, signal };
    this.#loading = null;
    this.#byId = new Map();
  }

  /** The listed result of this session when it is at least as new as the session, else undefined. */
  async lookup(
    sessionId: string,
    sessionUpdatedAt: string | null | undefined,
  ): Promise<ResultListItem | undefined> {
    if (!this.#window || !sessionUpdatedAt) return undefined;
    this.#loading ??= this.#load(this.#window.createdAfter, this.#window.signal);
    await this.#loading;
    const listed = this.#byId.get(sessionId);
    const listedAt = Date.parse(listed?.created_at ?? '');
    const updatedAt = Date.parse(sessionUpdatedAt);
    return Number.isFinite(listedAt) && Number.isFinite(updatedAt) && listedAt >= updatedAt
      ? listed
      : undefined;
  }

  async #load(createdAfter: Date | null, signal: AbortSignal): Promise<void> {
    const byId = this.#byId;
    // Whole seconds, as Verifa shows times: a result in the window's first second is not left out.
    const after = createdAfter ? new Date(Math.floor(createdAfter.getTime() / 1000) * 1000) : undefined;
    try {
      const pages = this.#client.listResults(after ? { created_after: after } : {}, { signal }).pages();
      for await (const { items } of pages) for (const r of items) byId.set(r.session_id, r);
    } catch {
      // Read per session instead (see the class comment); an abort stops those reads too.
    }
  }
}
