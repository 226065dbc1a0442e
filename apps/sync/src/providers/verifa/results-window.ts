import type { ResultListItem, VerifaClient } from '@idvkit/verifa';

/** The most listed results held at once; the listing pauses there until fetches have used some. */
const MAX_HELD = 5_000;

/**
 * The results of one list window, read with one paged `GET /results?created_after=…` instead of one
 * `GET /sessions/{id}/result` per session: 100 results a request rather than one.
 *
 * - Read lazily, once, when the first fetched session needs a result (a run where nothing changed reads
 *   nothing), page after page in the background: a fetch waits only until its session's result has been listed
 *   (or the listing has ended), not for the whole listing.
 * - `created_after` is the window's lower bound: a session in the window got its result after it was created,
 *   so every result it can have is listed (and so are those of older open sessions that ended since).
 * - A listed result is used only when it is at least as new as the session (`created_at ≥ updated_at`): a
 *   manual review changes an `under_review` session's result after the listing may have been read, and a
 *   result listed before that change must not win. Anything else (no timestamp, not listed, listed too early)
 *   is read per session, as is every session fetched outside a window (queue, webhook).
 * - Memory stays bounded: a result is dropped once a fetch has used it, and the listing pauses while
 *   {@link MAX_HELD} results wait to be used; a fetch that finds its result not listed while the listing is
 *   paused reads it per session (Verifa documents no order for either list; the sandbox lists both newest
 *   first, so they keep pace).
 * - A failed listing is not an error: the results it did not bring are read per session.
 */
export class ResultsWindow {
  #client: VerifaClient;
  #window: { createdAfter: Date | null; signal: AbortSignal } | null = null;
  #listing: ResultListing | null = null;
  readonly #maxHeld: number;

  constructor(client: VerifaClient, opts: { maxHeld?: number } = {}) {
    this.#client = client;
    this.#maxHeld = opts.maxHeld ?? MAX_HELD;
  }

  /** A list window is being read (sessions created at or after `createdAfter`; null: all). */
  open(createdAfter: Date | null, signal: AbortSignal): void {
    this.#window = { createdAfter, signal };
    this.#listing = null;
  }

  /** The listed result of this session when it is at least as new as the session, else undefined. */
  async lookup(
    sessionId: string,
    sessionUpdatedAt: string | null | undefined,
  ): Promise<ResultListItem | undefined> {
    if (!this.#window || !sessionUpdatedAt) return undefined;
    this.#listing ??= new ResultListing(this.#client, this.#window, this.#maxHeld);
    const listed = await this.#listing.take(sessionId);
    const listedAt = Date.parse(listed?.created_at ?? '');
    const updatedAt = Date.parse(sessionUpdatedAt);
    return Number.isFinite(listedAt) && Number.isFinite(updatedAt) && listedAt >= updatedAt
      ? listed
      : undefined;
  }
}

/** One window's `GET /results` pages, read in the background, each result handed out once. */
class ResultListing {
  readonly #byId = new Map<string, ResultListItem>();
  #done = false;
  /** Lookups waiting for the next page. */
  #waiting: Array<() => void> = [];
  /** Set while the listing is paused at `maxHeld` results: resumes it. */
  #resume: (() => void) | null = null;

  readonly #maxHeld: number;

  constructor(
    client: VerifaClient,
    window: { createdAfter: Date | null; signal: AbortSignal },
    maxHeld: number,
  ) {
    this.#maxHeld = maxHeld;
    void this.#read(client, window.createdAfter, window.signal);
  }

  /** The result listed for `sessionId` (used up), waiting for pages still to come; undefined: not listed. */
  async take(sessionId: string): Promise<ResultListItem | undefined> {
    for (;;) {
      const listed = this.#byId.get(sessionId);
      if (listed) {
        this.#byId.delete(sessionId);
        if (this.#resume && this.#byId.size < this.#maxHeld) {
          const resume = this.#resume;
          this.#resume = null;
          resume();
        }
        return listed;
      }
      if (this.#done || this.#resume) return undefined;
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  async #read(client: VerifaClient, createdAfter: Date | null, signal: AbortSignal): Promise<void> {
    // Whole seconds, as Verifa shows times: a result in the window's first second is not left out.
    const after = createdAfter ? new Date(Math.floor(createdAfter.getTime() / 1000) * 1000) : undefined;
    try {
      const pages = client.listResults(after ? { created_after: after } : {}, { signal }).pages();
      for await (const { items } of pages) {
        for (const r of items) this.#byId.set(r.session_id, r);
        this.#wake();
        if (this.#byId.size >= this.#maxHeld) await new Promise<void>((resolve) => (this.#resume = resolve));
      }
    } catch {
      // Read per session instead (see ResultsWindow); an abort stops those reads too.
    } finally {
      this.#done = true;
      this.#wake();
    }
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const wake of waiting) wake();
  }
}
