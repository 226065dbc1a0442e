import { PaginationError } from '../errors.js';
import { DEFAULT_SEEN_PAGES, SeenPages } from './seen-pages.js';
import { TotalGuard } from './total-guard.js';

/** How a {@link Paginator} walks an endpoint. */
export interface PaginatorOptions<Page, Item, Cursor> {
  initial: Cursor;
  fetchPage(cursor: Cursor): Promise<Page>;
  items(page: Page): Item[];
  /** The next cursor, or undefined when this was the last page. */
  next(page: Page, cursor: Cursor): Cursor | undefined;
  /** Identity of an item, used to notice a page that repeats any earlier page (a cycle). */
  itemKey?(item: Item): string;
  /**
   * The list's own count of items, as this page reports it. The listing stops with a PaginationError once it
   * has yielded more than the largest total seen plus one page.
   */
  total?(page: Page): number | undefined;
  /** How many page fingerprints the cycle check remembers. Default 10,000. */
  seenPages?: number;
  /** Stop with a PaginationError after this many pages. Default 100,000. */
  maxPages?: number;
}

/** One fetched page with its items and the cursor that fetched it. */
export interface PageResult<Page, Item, Cursor> {
  page: Page;
  items: Item[];
  cursor: Cursor;
}

/**
 * Lazily walks a list endpoint. Iterate items with `for await (const x of paginator)`, or pages with
 * `for await (const p of paginator.pages())`. Guards against endless loops: a page limit, a cursor that does not
 * move, a page whose items repeat any earlier page exactly (with `itemKey`), and more items than the list's own
 * total (with `total`).
 */
export class Paginator<Page, Item, Cursor = unknown> implements AsyncIterable<Item> {
  readonly #opts: PaginatorOptions<Page, Item, Cursor>;

  constructor(opts: PaginatorOptions<Page, Item, Cursor>) {
    this.#opts = opts;
  }

  async *pages(): AsyncGenerator<PageResult<Page, Item, Cursor>> {
    const { fetchPage, items, next, itemKey, total } = this.#opts;
    const maxPages = this.#opts.maxPages ?? 100_000;
    let cursor: Cursor | undefined = this.#opts.initial;
    const seen = itemKey ? new SeenPages(this.#opts.seenPages ?? DEFAULT_SEEN_PAGES) : undefined;
    const totals = total ? new TotalGuard() : undefined;
    for (let n = 1; cursor !== undefined; n++) {
      if (n > maxPages) throw new PaginationError(`pagination stopped after ${maxPages} pages (maxPages)`);
      const page = await fetchPage(cursor);
      const pageItems = items(page) ?? [];
      if (seen && itemKey && pageItems.length > 0) {
        const earlier = seen.repeats(pageItems, itemKey, n);
        if (earlier !== undefined) {
          throw new PaginationError(
            `pagination stopped: page ${n} (cursor ${JSON.stringify(cursor)}) repeats the ${pageItems.length} items of page ${earlier}`,
          );
        }
      }
      const tooMany = totals?.add(pageItems.length, total?.(page));
      if (tooMany) {
        throw new PaginationError(
          `pagination stopped at page ${n} (cursor ${JSON.stringify(cursor)}): ${tooMany}`,
        );
      }
      yield { page, items: pageItems, cursor };
      if (pageItems.length === 0) return;
      const following = next(page, cursor);
      if (following !== undefined && JSON.stringify(following) === JSON.stringify(cursor)) {
        throw new PaginationError(
          `pagination stopped: the next cursor equals the current one (${JSON.stringify(cursor)})`,
        );
      }
      cursor = following;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    for await (const { items } of this.pages()) yield* items;
  }

  /** Collects every item. Only for small lists: it holds them all in memory. */
  async toArray(): Promise<Item[]> {
    const all: Item[] = [];
    for await (const item of this) all.push(item);
    return all;
  }
}
