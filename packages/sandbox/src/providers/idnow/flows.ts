import type { IdnowData } from '../../data/idnow.js';
import { jsonReply, type Reply } from '../../http/reply.js';
import type { RequestContext } from '../../http/router.js';
import { intParam, slicePage } from '../api.js';

/**
 * `GET /api/v1/flows/{environment}`. The docs disagree on its shape (§3.1): the .sx page returns every flow at
 * once (`{content}`, `version` a string), the dev1 page pages it (`page` 1-based, `size` ≤ 100,
 * `{content, page}`, numeric `version`). The sandbox serves both: the .sx shape when neither `page` nor `size`
 * is given, the dev1 shape when either is.
 */
export function listFlows(
  data: IdnowData,
  ctx: RequestContext,
  environment: string,
  error: (status: number, message: string) => Reply,
): Reply {
  const pageRaw = intParam(ctx.query, 'page');
  const sizeRaw = intParam(ctx.query, 'size');
  if (pageRaw === undefined && sizeRaw === undefined) {
    return jsonReply(200, { content: data.flows.map((f) => data.renderFlow(f, environment, true)) });
  }
  const page = pageRaw ?? 1;
  const size = sizeRaw ?? 20;
  if (page === null || page < 1) return error(400, 'page must be an integer >= 1 (pages are 1-based)');
  if (size === null || size < 1 || size > 100) return error(400, 'size must be an integer between 1 and 100');
  const flows = data.flows.map((f) => data.renderFlow(f, environment, false));
  return jsonReply(200, {
    content: slicePage(flows, (page - 1) * size, size),
    page: { size, number: page, totalElements: flows.length, totalPages: Math.ceil(flows.length / size) },
  });
}
