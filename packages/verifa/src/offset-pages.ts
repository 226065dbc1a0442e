/** The pagination block of Verifa's newer lists: `total` is not promised on every endpoint. */
export interface OffsetPage {
  data: readonly unknown[];
  pagination?: { total?: number; limit: number; offset: number };
}

/**
 * The offset of the page after `page` (fetched at `offset` with page size `limit`), or undefined when it was the
 * last: a page shorter than `limit`, the end of `pagination.total` when given, or a list without `pagination`
 * (an unpaged answer is the whole list).
 * @see https://docs.withverifa.com/api-details/pagination ("stop when len(data) < limit")
 */
export function nextOffset(page: OffsetPage, offset: number, limit: number): number | undefined {
  if (!page.pagination || page.data.length < limit) return undefined;
  const following = offset + page.data.length;
  const { total } = page.pagination;
  return total !== undefined && following >= total ? undefined : following;
}
