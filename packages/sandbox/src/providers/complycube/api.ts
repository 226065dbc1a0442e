import { complyCubeKeyMode } from '../../auth/complycube-key.js';
import type { CcRecord } from '../../data/complycube.js';
import { newestFirst } from '../../data/store.js';
import { jsonReply, type Reply } from '../../http/reply.js';
import type { SandboxState } from '../../state.js';
import type { JsonObject } from '../../types.js';
import { type ErrorDetails, errorHeaders, type ProviderApi } from '../api.js';
import { breakPayload } from '../schema-invalid.js';
import { isReply, pageReply, parseListQuery } from './list-query.js';
import { complyCubeWriteRoutes } from './write-routes.js';

/** The list-checks filters the sandbox honours (equality on the rendered check). */
const CHECK_FILTERS = [
  'clientId',
  'type',
  'status',
  'documentId',
  'addressId',
  'livePhotoId',
  'liveVideoId',
  'result.outcome',
] as const;

/** A (dotted) field of a rendered check as a string, for equality filters. */
function checkField(check: JsonObject, name: string): string | undefined {
  let value: unknown = check;
  for (const part of name.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return typeof value === 'string' ? value : undefined;
}

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

/** The emulated ComplyCube API (clients, flow sessions, workflow sessions and checks). */
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
      if (complyCubeKeyMode(key) !== null) return null;
      return error(401, key ? 'The API key is invalid' : 'No API key provided');
    },
    rateLimitPartition: (ctx) => complyCubeKeyMode(ctx.req.headers.authorization) ?? undefined,
    routes: [
      {
        method: 'GET',
        pattern: '/complycube/v1/workflowSessions',
        operation: 'listWorkflowSessions',
        handle(ctx) {
          const list = parseListQuery(ctx.query, error);
          if (isReply(list)) return list;
          const equals = {
            clientId: ctx.query.get('clientId'),
            workflowTemplateId: ctx.query.get('workflowTemplateId'),
            outcome: ctx.query.get('outcome'),
            status: ctx.query.get('status'),
          };
          let items = list.malformed ? [] : data.store.view('newest', newestFirst);
          const needsRender = equals.workflowTemplateId !== null;
          const filtered = list.hasDateFilter || Object.values(equals).some((v) => v !== null);
          if (filtered && items.length > 0) {
            items = items.filter((r) => {
              if (!list.inDates(r)) return false;
              if (equals.clientId !== null && r.clientId !== equals.clientId) return false;
              if (equals.outcome !== null && r.outcome !== equals.outcome) return false;
              if (equals.status !== null && r.status !== equals.status) return false;
              if (needsRender && data.renderSession(r).workflowTemplateId !== equals.workflowTemplateId)
                return false;
              return true;
            });
          }
          return pageReply(items, list, render);
        },
      },
      {
        method: 'GET',
        pattern: '/complycube/v1/checks',
        operation: 'listChecks',
        handle(ctx) {
          const list = parseListQuery(ctx.query, error);
          if (isReply(list)) return list;
          const filters: Array<[string, string]> = [];
          for (const name of CHECK_FILTERS) {
            const value = ctx.query.get(name);
            if (value !== null) filters.push([name, value]);
          }
          const clientId = ctx.query.get('clientId');
          const all = clientId !== null ? data.checksOfClient(clientId) : data.checksNewestFirst();
          const unfiltered = !list.hasDateFilter && filters.length === 0;
          const items = list.malformed
            ? []
            : unfiltered
              ? all
              : all.filter(({ session, check }) => {
                  if (!list.inDates(check)) return false;
                  if (filters.length === 0) return true;
                  const rendered = data.renderCheck(session, check);
                  return filters.every(([name, value]) => checkField(rendered, name) === value);
                });
          return pageReply(items, list, ({ session, check }) => data.renderCheck(session, check));
        },
      },
      ...complyCubeWriteRoutes(state, error),
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
