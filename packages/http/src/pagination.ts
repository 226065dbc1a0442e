import { PaginationError } from './errors.js';

/** How a {@link Paginator} walks an endpoint. */
export interface PaginatorOptions<Page, Item, Cursor> {
  initial: Cursor;
  fetchPage(cursor: Cursor): Promise<Page>;
  items(page: Page): Item[];
  /** The next cursor, or undefined when this was the last page. */
  next(page: Page, cursor: Cursor): Cursor | undefined;
  /** Identity of an item, used to notice a page that repeats the previous one. */
  itemKey?(item: Item): string;
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
 * move, and a page whose items repeat the previous page exactly.
 */
export class Paginator<Page, Item, Cursor = unknown> implements AsyncIterable<Item> {
  readonly #opts: PaginatorOptions<Page, Item, Cursor>;

  constructor(opts: PaginatorOptions<Page, Item, Cursor>) {
    this.#opts = opts;
  }

  async *pages(): AsyncGenerator<PageResult<Page, Item, Cursor>> {
    const { fetchPage, items, next, itemKey } = this.#opts;
    const maxPages = this.#opts.maxPages ?? 100_000;
    let cursor: Cursor | undefined = this.#opts.initial;
    let previousKeys: string | undefined;
    for (let n = 1; cursor !== undefined; n++) {
      if (n > maxPages) throw new PaginationError(`pagination stopped after ${maxPages} pages (maxPages)`);
      const page = await fetchPage(cursor);
      const pageItems = items(page) ?? [];
      if (itemKey && pageItems.length > 0) {
        const keys = pageItems.map(itemKey).join('\u0000');
        if (keys === previousKeys) {
          throw new PaginationError(
            `pagination stopped: page ${n} (cursor ${JSON.stringify(cursor)}) repeats the previous page's ${pageItems.length} items`,
          );
        }
        previousKeys = keys;
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
