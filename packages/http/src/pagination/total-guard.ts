/**
 * Counts the items a list has yielded against the largest `total` its pages reported. A list read while it
 * changes legitimately yields duplicates (newest-first offset pages shift by one per session created meanwhile)
 * but each of those also raises the total, so the count stays within the largest total. One page of slack covers
 * a total reported before the page that caught up with it. More than that is a server that lists forever.
 */
export class TotalGuard {
  #yielded = 0;
  #maxTotal: number | undefined;
  #maxPage = 0;

  /**
   * Adds a page of `count` items with the `total` it reported (if any). Returns why the listing must stop, or
   * undefined.
   */
  add(count: number, total: number | undefined): string | undefined {
    if (total !== undefined && Number.isFinite(total) && total >= 0) {
      this.#maxTotal = Math.max(this.#maxTotal ?? 0, total);
    }
    this.#yielded += count;
    this.#maxPage = Math.max(this.#maxPage, count);
    if (this.#maxTotal === undefined || this.#yielded <= this.#maxTotal + this.#maxPage) return undefined;
    return `the list yielded ${this.#yielded} items, more than its own total (at most ${this.#maxTotal}) plus one page (${this.#maxPage})`;
  }
}
