import type { VerifaRecord } from '../../data/verifa.js';
import { renderDocuments } from '../../data/verifa-documents.js';
import { decisionOf, renderResult, resultListItem } from '../../data/verifa-result.js';
import { renderWorkflows } from '../../data/verifa-workflows.js';
import { jsonReply, type Reply } from '../../http/reply.js';
import type { Route } from '../../http/router.js';
import type { SandboxState } from '../../state.js';
import { type ErrorDetails, intParam, slicePage } from '../api.js';

type ErrorReply = (status: number, message?: string, details?: ErrorDetails) => Reply;

/** Result time as the API shows it (whole seconds), which `created_after`/`created_before` compare against. */
const shownResultAt = (r: VerifaRecord): number => Math.floor((r.resultAt ?? 0) / 1000) * 1000;

/** Newest result first, then id descending (stable). */
const newestResultFirst = (a: VerifaRecord, b: VerifaRecord): number =>
  shownResultAt(b) - shownResultAt(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** `limit` (1…, capped at 100; default 50) and `offset` (≥ 0) of an offset-paged list, or the 400. */
function page(query: URLSearchParams, error: ErrorReply): { limit: number; offset: number } | Reply {
  const limit = intParam(query, 'limit') ?? 50;
  const offset = intParam(query, 'offset') ?? 0;
  if (limit === null || limit < 1) return error(400, 'limit must be a positive integer');
  if (offset === null || offset < 0) return error(400, 'offset must be a non-negative integer');
  return { limit: Math.min(limit, 100), offset };
}

/** An ISO 8601 query instant in ms; undefined when absent, null when malformed. */
function instant(query: URLSearchParams, name: string): number | undefined | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  return /^\d{4}-\d{2}-\d{2}/.test(raw) && Number.isFinite(ms) ? ms : null;
}

/** Verifa's result, results-list, documents and workflows routes. */
export function resultRoutes(state: SandboxState, error: ErrorReply): Route[] {
  const data = state.verifa;
  return [
    {
      method: 'GET',
      pattern: '/verifa/api/v1/sessions/:id/result',
      operation: 'getSessionResult',
      handle(ctx) {
        const record = data.store.get(ctx.params.id as string);
        if (!record) return error(404, 'Session not found');
        const result = renderResult(data, record, state.clock.nowMs());
        return result
          ? jsonReply(200, result)
          : error(404, `The session has no result yet (status ${record.status})`);
      },
    },
    {
      method: 'GET',
      pattern: '/verifa/api/v1/sessions/:id/documents',
      operation: 'listSessionDocuments',
      handle(ctx) {
        const record = data.store.get(ctx.params.id as string);
        if (!record) return error(404, 'Session not found');
        const documents = renderDocuments(data, record, state.clock.nowMs());
        return documents === 'gone'
          ? error(410, 'Documents are no longer available (sensitive-data retention elapsed)')
          : jsonReply(200, { data: documents });
      },
    },
    {
      method: 'GET',
      pattern: '/verifa/api/v1/results',
      operation: 'listResults',
      handle(ctx) {
        const paging = page(ctx.query, error);
        if ('status' in paging) return paging;
        const after = instant(ctx.query, 'created_after');
        const before = instant(ctx.query, 'created_before');
        if (after === null) return error(400, 'created_after must be an ISO 8601 date-time');
        if (before === null) return error(400, 'created_before must be an ISO 8601 date-time');
        const status = ctx.query.get('status');
        const items = data.store
          .view('results', newestResultFirst, (r) => r.resultAt !== null && decisionOf(r) !== null)
          .filter(
            (r) =>
              (after === undefined || shownResultAt(r) >= after) &&
              (before === undefined || shownResultAt(r) < before) &&
              (status === null || decisionOf(r) === status),
          );
        const now = state.clock.nowMs();
        return jsonReply(200, {
          data: slicePage(items, paging.offset, paging.limit).map((r) =>
            resultListItem(renderResult(data, r, now) ?? {}),
          ),
          pagination: { total: items.length, limit: paging.limit, offset: paging.offset },
        });
      },
    },
    {
      method: 'GET',
      pattern: '/verifa/api/v1/workflows',
      operation: 'listWorkflows',
      handle(ctx) {
        const paging = page(ctx.query, error);
        if ('status' in paging) return paging;
        const workflows = renderWorkflows(data);
        return jsonReply(200, {
          data: slicePage(workflows, paging.offset, paging.limit),
          pagination: { total: workflows.length, limit: paging.limit, offset: paging.offset },
        });
      },
    },
  ];
}
