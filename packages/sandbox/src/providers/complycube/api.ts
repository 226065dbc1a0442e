import { secretEquals } from '../../auth/api-key.js';
import { SANDBOX_CREDENTIALS } from '../../credentials.js';
import type { CcRecord } from '../../data/complycube.js';
import { newestFirst } from '../../data/store.js';
import { jsonReply, type Reply } from '../../http/reply.js';
import type { SandboxState } from '../../state.js';
import type { JsonObject } from '../../types.js';
import { type ErrorDetails, errorHeaders, intParam, type ProviderApi, slicePage } from '../api.js';
import { breakPayload } from '../schema-invalid.js';

const TYPES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'unauthorized',
  404: 'resource_not_found',
  429: 'rate_limit_exceeded',
};

const MESSAGES: Record<string, string> = {
  invalid_request: 'The request is invalid',
  unauthorized: 'The API key is invalid',
  resource_not_found: 'Resource not found',
  rate_limit_exceeded: 'Too many requests',
  internal_server_error: 'An unexpected error occurred',
};

function error(status: number, message?: string, details?: ErrorDetails): Reply {
  const type =
    details?.code ?? TYPES[status] ?? (status >= 500 ? 'internal_server_error' : 'invalid_request');
  const body: JsonObject = { type, message: message ?? MESSAGES[type] ?? `HTTP ${status}` };
  if (details?.param) body.param = details.param;
  return jsonReply(status, body, errorHeaders(details));
}

const DATE_FILTERS = ['createdAfter', 'createdBefore', 'updatedAfter', 'updatedBefore'] as const;

/** The emulated ComplyCube API (workflow sessions and checks). */
export function complyCubeApi(state: SandboxState): ProviderApi {
  const data = state.complycube;
  const render = (record: CcRecord): JsonObject => {
    const payload = data.renderSession(record);
    return state.faults.isSchemaInvalid('complycube', record.id)
      ? breakPayload(payload, 'createdAt', 'status')
      : payload;
  };
  return {
    provider: 'complycube',
    roots: ['complycube'],
    error,
    authenticate(ctx) {
      const key = ctx.req.headers.authorization;
      if (secretEquals(key, SANDBOX_CREDENTIALS.complycube.apiKey)) return null;
      return error(401, key ? 'The API key is invalid' : 'No API key provided');
    },
    routes: [
      {
        method: 'GET',
        pattern: '/complycube/v1/workflowSessions',
        operation: 'listWorkflowSessions',
        handle(ctx) {
          const page = intParam(ctx.query, 'page') ?? 1;
          const pageSize = intParam(ctx.query, 'pageSize') ?? 100;
          if (page === null || page < 1) {
            return error(400, '"page" must be greater than or equal to 1', { param: 'page' });
          }
          if (pageSize === null || pageSize < 1) {
            return error(400, '"pageSize" must be greater than or equal to 1', { param: 'pageSize' });
          }
          if (pageSize > 1000)
            return error(400, '"pageSize" must be less than or equal to 1000', { param: 'pageSize' });
          const bounds: Partial<Record<(typeof DATE_FILTERS)[number], number>> = {};
          for (const name of DATE_FILTERS) {
            const raw = ctx.query.get(name);
            if (raw === null) continue;
            const ms = Date.parse(raw);
            if (Number.isNaN(ms)) return error(400, `"${name}" must be a valid date`, { param: name });
            bounds[name] = ms;
          }
          const equals = {
            clientId: ctx.query.get('clientId'),
            workflowTemplateId: ctx.query.get('workflowTemplateId'),
            outcome: ctx.query.get('outcome'),
            status: ctx.query.get('status'),
          };
          let items = data.store.view('newest', newestFirst);
          const needsRender = equals.workflowTemplateId !== null;
          if (Object.keys(bounds).length > 0 || Object.values(equals).some((v) => v !== null)) {
            items = items.filter((r) => {
              if (bounds.createdAfter !== undefined && r.createdAt < bounds.createdAfter) return false;
              if (bounds.createdBefore !== undefined && r.createdAt > bounds.createdBefore) return false;
              if (bounds.updatedAfter !== undefined && r.updatedAt < bounds.updatedAfter) return false;
              if (bounds.updatedBefore !== undefined && r.updatedAt > bounds.updatedBefore) return false;
              if (equals.clientId !== null && r.clientId !== equals.clientId) return false;
              if (equals.outcome !== null && r.outcome !== equals.outcome) return false;
              if (equals.status !== null && r.status !== equals.status) return false;
              if (needsRender && data.renderSession(r).workflowTemplateId !== equals.workflowTemplateId)
                return false;
              return true;
            });
          }
          return jsonReply(200, {
            page,
            pageSize,
            totalItems: items.length,
            pages: Math.ceil(items.length / pageSize),
            items: slicePage(items, (page - 1) * pageSize, pageSize).map(render),
          });
        },
      },
      {
        method: 'GET',
        pattern: '/complycube/v1/workflowSessions/:id',
        operation: 'getWorkflowSession',
        handle(ctx) {
          const record = data.store.get(ctx.params.id as string);
          return record ? jsonReply(200, render(record)) : error(404);
        },
      },
      {
        method: 'GET',
        pattern: '/complycube/v1/checks/:id',
        operation: 'getCheck',
        handle(ctx) {
          const found = data.getCheck(ctx.params.id as string);
          return found ? jsonReply(200, data.renderCheck(found.session, found.check)) : error(404);
        },
      },
    ],
  };
}
