import { createHash } from 'node:crypto';

/** Pages remembered by default: a cycle longer than this is left to `maxPages`. */
export const DEFAULT_SEEN_PAGES = 10_000;

/**
 * Fingerprints (SHA-1 of the item keys, in order) of the pages listed so far, so a page that repeats any earlier
 * page is noticed, not only one that repeats the previous page. Bounded: past `limit` the oldest is forgotten.
 */
export class SeenPages {
  readonly #seen = new Map<string, number>();

  constructor(readonly limit = DEFAULT_SEEN_PAGES) {}

  /**
   * The number of an earlier page whose items have exactly these keys, or undefined (and page `n` is remembered).
   * Takes the items and their key function, so no array of keys is built per page.
   */
  repeats<Item>(items: readonly Item[], keyOf: (item: Item) => string, n: number): number | undefined {
    const hash = createHash('sha1');
    for (const item of items) hash.update(keyOf(item)).update('\u0000');
    const fingerprint = hash.digest('base64');
    const earlier = this.#seen.get(fingerprint);
    if (earlier !== undefined) return earlier;
    if (this.#seen.size >= this.limit) {
      const oldest = this.#seen.keys().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
    this.#seen.set(fingerprint, n);
    return undefined;
  }
}
