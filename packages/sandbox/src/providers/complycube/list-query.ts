import type { BaseRecord } from '../../data/store.js';
import { jsonReply, type Reply } from '../../http/reply.js';
import type { JsonObject } from '../../types.js';
import { type ErrorDetails, intParam, slicePage } from '../api.js';

const DATE_FILTERS = ['createdAfter', 'createdBefore', 'updatedAfter', 'updatedBefore'] as const;

/** The paging and date filters every ComplyCube list shares. */
export interface ListQuery {
  page: number;
  pageSize: number;
  /**
   * A filter value could not be parsed. ComplyCube then answers 200 with an empty page, not 400: "an
   * incorrectly formatted filter or an unsupported operator returns no results"
   * (https://docs.complycube.com/api-reference/filtering).
   */
  malformed: boolean;
  /** Whether any date filter was given (else `inDates` is always true). */
  hasDateFilter: boolean;
  /** Whether a record passes the date filters (strict bounds). */
  inDates(record: Pick<BaseRecord, 'createdAt' | 'updatedAt'>): boolean;
}

type ErrorReply = (status: number, message?: string, details?: ErrorDetails) => Reply;

/** Parses `page`, `pageSize` (1–1000; out of range is a 400, as before) and the date filters. */
export function parseListQuery(query: URLSearchParams, error: ErrorReply): ListQuery | Reply {
  const page = intParam(query, 'page') ?? 1;
  const pageSize = intParam(query, 'pageSize') ?? 100;
  if (page === null || page < 1) {
    return error(400, '"page" must be greater than or equal to 1', { param: 'page' });
  }
  if (pageSize === null || pageSize < 1) {
    return error(400, '"pageSize" must be greater than or equal to 1', { param: 'pageSize' });
  }
  if (pageSize > 1000)
    return error(400, '"pageSize" must be less than or equal to 1000', { param: 'pageSize' });
  const bounds: Partial<Record<(typeof DATE_FILTERS)[number], number>> = {};
  let malformed = false;
  for (const name of DATE_FILTERS) {
    const raw = query.get(name);
    if (raw === null) continue;
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) malformed = true;
    else bounds[name] = ms;
  }
  return {
    page,
    pageSize,
    malformed,
    hasDateFilter: Object.keys(bounds).length > 0,
    inDates: (r) =>
      !(bounds.createdAfter !== undefined && r.createdAt < bounds.createdAfter) &&
      !(bounds.createdBefore !== undefined && r.createdAt > bounds.createdBefore) &&
      !(bounds.updatedAfter !== undefined && r.updatedAt < bounds.updatedAfter) &&
      !(bounds.updatedBefore !== undefined && r.updatedAt > bounds.updatedBefore),
  };
}

/** Whether `parseListQuery` answered with a reply (a 400). */
export function isReply(value: ListQuery | Reply): value is Reply {
  return (value as Reply).status !== undefined;
}

/** One page `{ page, pageSize, totalItems, pages, items }` of `items`, rendering only the page's items. */
export function pageReply<T>(
  items: readonly T[],
  { page, pageSize }: ListQuery,
  render: (item: T) => JsonObject,
): Reply {
  return jsonReply(200, {
    page,
    pageSize,
    totalItems: items.length,
    pages: Math.ceil(items.length / pageSize),
    items: slicePage(items, (page - 1) * pageSize, pageSize).map(render),
  });
}
