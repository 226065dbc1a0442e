import type { IdnowEnvironment, IdnowRecord } from '../../data/idnow.js';
import { jsonReply, type Reply } from '../../http/reply.js';
import type { RequestContext } from '../../http/router.js';
import type { SandboxState } from '../../state.js';
import type { JsonObject } from '../../types.js';
import {
  type ErrorDetails,
  errorHeaders,
  intParam,
  type Lookup,
  type ProviderApi,
  slicePage,
} from '../api.js';
import { breakPayload } from '../schema-invalid.js';
import { createSession } from './create-session.js';
import { createFiles } from './files.js';
import { listFlows } from './flows.js';
import { createToken } from './token.js';
import { idnowJwks } from './webhook-keys.js';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  429: 'too_many_requests',
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

const ENVIRONMENTS = new Set(['live', 'staging']);
const STATUS_ORDER = (a: IdnowRecord, b: IdnowRecord): number =>
  a.status < b.status ? -1 : a.status > b.status ? 1 : 0;
const CREATED_ORDER = (a: IdnowRecord, b: IdnowRecord): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function error(status: number, message?: string, details?: ErrorDetails): Reply {
  return jsonReply(
    status,
    { status, error: details?.code ?? CODES[status] ?? 'error', message: message ?? `HTTP ${status}` },
    errorHeaders(details),
  );
}

/** The emulated IDnow Trust Platform API and its auth server. */
export function idnowApi(state: SandboxState): ProviderApi {
  const data = state.idnow;
  const files = createFiles(data);
  const render = (record: IdnowRecord, payload: JsonObject): JsonObject =>
    state.faults.isSchemaInvalid('idnow', record.id)
      ? breakPayload(payload, 'createdAt', 'sessionStatus')
      : payload;

  const findSession = (ctx: RequestContext): Lookup<IdnowRecord> => {
    const { environment, sessionId } = ctx.params as { environment: string; sessionId: string };
    if (!ENVIRONMENTS.has(environment)) return { reply: error(404, `Unknown environment '${environment}'`) };
    const record = data.store.get(sessionId);
    if (!record || record.environment !== environment) return { reply: error(404, 'Session not found') };
    return { record };
  };

  return {
    provider: 'idnow',
    // `idnow-files` stands in for the storage host pre-signed file URLs point at.
    roots: ['idnow', 'idnow-auth', 'idnow-files'],
    error,
    authenticate(ctx) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(String(ctx.req.headers.authorization ?? ''));
      const token = match?.[1];
      if (token && state.idnowTokens.isValid(token)) {
        // API clients belong to one environment: a token of another environment's client is refused.
        const scope = state.idnowTokens.environmentOf(token);
        const environment = ctx.params.environment;
        if (scope === null || environment === undefined || environment === scope) return null;
        return error(403, `This API client belongs to the '${scope}' environment, not '${environment}'`);
      }
      return error(401, match ? 'Invalid or expired access token' : 'Missing bearer token', {
        headers: { 'WWW-Authenticate': match ? 'Bearer error="invalid_token"' : 'Bearer' },
      });
    },
    routes: [
      {
        method: 'POST',
        pattern: '/idnow-auth/oidc/token',
        operation: 'createToken',
        auth: false,
        handle: (ctx) => createToken(state, ctx),
      },
      {
        method: 'GET',
        pattern: '/idnow-auth/oidc/.well-known/jwks.json',
        operation: 'jwks',
        auth: false,
        handle: () => jsonReply(200, idnowJwks(), { 'Cache-Control': 'public, max-age=300' }),
      },
      {
        method: 'GET',
        pattern: '/idnow/api/v1/flows/:environment',
        operation: 'listFlows',
        handle(ctx) {
          const { environment } = ctx.params as { environment: string };
          if (!ENVIRONMENTS.has(environment)) return error(404, `Unknown environment '${environment}'`);
          return listFlows(data, ctx, environment, error);
        },
      },
      {
        method: 'POST',
        pattern: '/idnow/api/v1/flows/:flowId/:environment/sessions',
        operation: 'createSession',
        handle(ctx) {
          const { flowId, environment } = ctx.params as { flowId: string; environment: string };
          const flow = data.flowIndex(flowId);
          if (flow < 0) return error(404, 'Flow not found');
          if (!ENVIRONMENTS.has(environment)) return error(404, `Unknown environment '${environment}'`);
          return createSession(state, ctx, flow, environment as IdnowEnvironment, error);
        },
      },
      {
        method: 'GET',
        pattern: '/idnow/api/v1/:environment/files/:vaultEntryId',
        operation: 'getFile',
        handle(ctx) {
          const { environment, vaultEntryId } = ctx.params as { environment: string; vaultEntryId: string };
          if (!ENVIRONMENTS.has(environment)) return error(404, `Unknown environment '${environment}'`);
          return files.redirect(ctx, environment, vaultEntryId, error);
        },
      },
      {
        method: 'GET',
        pattern: '/idnow-files/:environment/:vaultEntryId',
        operation: 'downloadFile',
        auth: false,
        handle(ctx) {
          const { environment, vaultEntryId } = ctx.params as { environment: string; vaultEntryId: string };
          return files.download(ctx, environment, vaultEntryId, error);
        },
      },
      {
        method: 'GET',
        pattern: '/idnow/api/v1/flows/:flowId/:environment/sessions',
        operation: 'listSessions',
        handle(ctx) {
          const { flowId, environment } = ctx.params as { flowId: string; environment: string };
          const flow = data.flows.findIndex((f) => f.flowId === flowId);
          if (flow < 0) return error(404, 'Flow not found');
          if (!ENVIRONMENTS.has(environment)) return error(404, `Unknown environment '${environment}'`);
          const page = intParam(ctx.query, 'page') ?? 0;
          let size = intParam(ctx.query, 'size') ?? 20;
          if (page === null || page < 0) return error(400, 'page must be a non-negative integer');
          if (size === null || size < 1) return error(400, 'size must be a positive integer');
          size = Math.min(size, 100);
          const sortBy = ctx.query.get('sortBy') ?? 'createdAt';
          if (sortBy !== 'createdAt' && sortBy !== 'status')
            return error(400, 'sortBy must be createdAt or status');
          const sortDescRaw = ctx.query.get('sortDesc') ?? 'false';
          if (sortDescRaw !== 'true' && sortDescRaw !== 'false')
            return error(400, 'sortDesc must be true or false');
          const desc = sortDescRaw === 'true';
          const base =
            sortBy === 'status'
              ? (a: IdnowRecord, b: IdnowRecord) => STATUS_ORDER(a, b) || CREATED_ORDER(a, b)
              : CREATED_ORDER;
          const items = data.store.view(
            `${flow}:${environment}:${sortBy}:${desc}`,
            desc ? (a, b) => base(b, a) : base,
            (r) => r.flow === flow && r.environment === environment,
          );
          return jsonReply(200, {
            content: slicePage(items, page * size, size).map((r) => render(r, data.renderListItem(r))),
            page: {
              size,
              number: page,
              totalElements: items.length,
              totalPages: Math.ceil(items.length / size),
            },
          });
        },
      },
      {
        method: 'GET',
        pattern: '/idnow/api/v1/:environment/sessions/:sessionId',
        operation: 'getSession',
        handle(ctx) {
          const { record, reply } = findSession(ctx);
          return record ? jsonReply(200, render(record, data.renderSession(record))) : reply;
        },
      },
      {
        method: 'GET',
        pattern: '/idnow/api/v1/:environment/sessions/:sessionId/datablocks',
        operation: 'listDatablocks',
        handle(ctx) {
          const { record, reply } = findSession(ctx);
          return record ? jsonReply(200, data.renderDatablocks(record)) : reply;
        },
      },
    ],
  };
}
