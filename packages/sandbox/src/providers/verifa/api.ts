import { secretEquals } from '../../auth/api-key.js';
import { SANDBOX_CREDENTIALS } from '../../credentials.js';
import { newestFirst } from '../../data/store.js';
import type { VerifaRecord } from '../../data/verifa.js';
import { jsonReply, type Reply } from '../../http/reply.js';
import type { RequestContext } from '../../http/router.js';
import type { SandboxState } from '../../state.js';
import type { JsonObject } from '../../types.js';
import { type ErrorDetails, errorHeaders, intParam, type ProviderApi, slicePage } from '../api.js';
import { breakPayload } from '../schema-invalid.js';
import { createSession } from './create-session.js';
import { IdempotencyKeys } from './idempotency.js';
import { type Inflection, inflectKeys } from './inflection.js';
import { resultRoutes } from './result-routes.js';

/** API version the sandbox reports when the client pins none. */
export const VERIFA_DEFAULT_VERSION = '2026-01-01';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  410: 'gone',
  422: 'validation_error',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

function error(status: number, message?: string, details?: ErrorDetails): Reply {
  const body: JsonObject = {
    error: details?.code ?? CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request'),
    detail: message ?? (status === 404 ? 'Not found' : `HTTP ${status}`),
    status_code: status,
  };
  return jsonReply(status, body, errorHeaders(details));
}

function inflection(ctx: RequestContext): Inflection | null {
  const raw = String(ctx.req.headers['key-inflection'] ?? 'snake').toLowerCase();
  return raw === 'snake' || raw === 'camel' || raw === 'kebab' ? raw : null;
}

/** The emulated Verifa API: sessions (list, get, create), results, documents, workflow runs and workflows. */
export function verifaApi(state: SandboxState): ProviderApi {
  const data = state.verifa;
  const idempotency = new IdempotencyKeys();
  const render = (record: VerifaRecord): JsonObject => {
    const payload = data.renderSession(record);
    return state.faults.isSchemaInvalid('verifa', record.id)
      ? breakPayload(payload, 'created_at', 'status')
      : payload;
  };
  return {
    provider: 'verifa',
    roots: ['verifa'],
    error,
    authenticate(ctx) {
      const key = ctx.req.headers['x-api-key'] as string | undefined;
      if (secretEquals(key, SANDBOX_CREDENTIALS.verifa.apiKey)) return null;
      return error(401, key ? 'Invalid API key' : 'Missing X-API-Key header');
    },
    preflight(ctx) {
      if (!inflection(ctx)) return error(400, 'Key-Inflection must be one of snake, camel, kebab');
      const version = ctx.req.headers['verifa-version'];
      if (version !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(version))) {
        return error(400, 'Verifa-Version must be a date (YYYY-MM-DD)', { code: 'invalid_version' });
      }
      return null;
    },
    finish(ctx, reply) {
      const headers = {
        ...reply.headers,
        'Verifa-Version': String(ctx.req.headers['verifa-version'] ?? VERIFA_DEFAULT_VERSION),
      };
      const inflect = inflection(ctx) ?? 'snake';
      const json =
        reply.json === undefined || inflect === 'snake' ? reply.json : inflectKeys(reply.json, inflect);
      return json === undefined ? { ...reply, headers } : { ...reply, json, headers };
    },
    routes: [
      {
        method: 'GET',
        pattern: '/verifa/api/v1/sessions',
        operation: 'listSessions',
        handle(ctx) {
          let limit = intParam(ctx.query, 'limit') ?? 50;
          const offset = intParam(ctx.query, 'offset') ?? 0;
          if (limit === null || limit < 1) return error(400, 'limit must be a positive integer');
          if (offset === null || offset < 0) return error(400, 'offset must be a non-negative integer');
          limit = Math.min(limit, 100);
          const status = ctx.query.get('status');
          const q = ctx.query.get('q');
          let items = data.store.view('newest', newestFirst);
          if (status !== null) items = items.filter((r) => r.status === status);
          if (q) {
            items = items.filter(
              (r) => r.id.includes(q) || String(data.renderSession(r).external_ref ?? '').includes(q),
            );
          }
          return jsonReply(200, {
            data: slicePage(items, offset, limit).map(render),
            pagination: { total: items.length, limit, offset },
          });
        },
      },
      {
        method: 'POST',
        pattern: '/verifa/api/v1/sessions',
        operation: 'createSession',
        handle: (ctx) => createSession(ctx, state, idempotency, error),
      },
      {
        method: 'GET',
        pattern: '/verifa/api/v1/sessions/:id',
        operation: 'getSession',
        handle(ctx) {
          const record = data.store.get(ctx.params.id as string);
          return record ? jsonReply(200, render(record)) : error(404, 'Session not found');
        },
      },
      {
        method: 'GET',
        pattern: '/verifa/api/v1/sessions/:id/workflow-run',
        operation: 'getSessionWorkflowRun',
        handle(ctx) {
          const record = data.store.get(ctx.params.id as string);
          if (!record) return error(404, 'Session not found');
          const run = data.renderWorkflowRun(record);
          return run ? jsonReply(200, run) : error(404, 'Workflow run not found');
        },
      },
      ...resultRoutes(state, error),
    ],
  };
}
