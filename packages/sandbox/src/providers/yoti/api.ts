import { jsonReply, type Reply } from '../../http/reply.js';
import { hashSeed, Rng } from '../../prng.js';
import type { SandboxState } from '../../state.js';
import type { JsonObject } from '../../types.js';
import { type ErrorDetails, errorHeaders, type ProviderApi } from '../api.js';
import { breakPayload } from '../schema-invalid.js';
import { parseCreateSession } from './create-session.js';
import { tinyPng } from './png.js';

/** Path prefix of the emulated API; signatures cover the path after it. */
export const YOTI_BASE_PATH = '/yoti/idverify/v1';

const CODES: Record<number, string> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'SESSION_LOCKED',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

function error(status: number, message?: string, details?: ErrorDetails): Reply {
  const body: JsonObject = {
    code: details?.code ?? CODES[status] ?? 'ERROR',
    message: message ?? `HTTP ${status}`,
  };
  if (details?.param) body.errors = [{ property: details.param, message: message ?? 'invalid' }];
  return jsonReply(status, body, errorHeaders(details));
}

/** The emulated Yoti IDV API (request signing; create, read and delete sessions; media). */
export function yotiApi(state: SandboxState): ProviderApi {
  const data = state.yoti;
  return {
    provider: 'yoti',
    roots: ['yoti'],
    error,
    authenticate(ctx) {
      const failure = state.yotiVerifier.verify(
        ctx.method,
        ctx.rawUrl.slice(YOTI_BASE_PATH.length),
        ctx.query,
        ctx.req.headers['x-yoti-auth-digest'] as string | undefined,
        ctx.body,
      );
      if (!failure) return null;
      const body: JsonObject = { code: failure.code, message: failure.message };
      if (failure.errors) body.errors = failure.errors;
      return jsonReply(failure.status, body);
    },
    routes: [
      {
        method: 'POST',
        pattern: `${YOTI_BASE_PATH}/sessions`,
        operation: 'createSession',
        handle(ctx) {
          const now = state.clock.nowMs();
          const parsed = parseCreateSession(ctx.body, now);
          if ('reply' in parsed) return parsed.reply;
          const record = data.createFromApi(parsed.spec, now);
          state.onSessionsChanged?.('yoti', [record.id]);
          return jsonReply(201, {
            client_session_token_ttl: parsed.spec.tokenTtlSeconds,
            client_session_token: data.tokenOf(record),
            session_id: record.id,
          });
        },
      },
      {
        method: 'DELETE',
        pattern: `${YOTI_BASE_PATH}/sessions/:sessionId`,
        operation: 'deleteSession',
        handle(ctx) {
          const record = data.store.get(ctx.params.sessionId as string);
          if (!record) return error(404, 'The session could not be found', { code: 'SESSION_NOT_FOUND' });
          if (data.checksRunning(record)) {
            return error(409, 'The session cannot be deleted while checks are not finished');
          }
          data.remove(record.id);
          return { status: 204 };
        },
      },
      {
        method: 'GET',
        pattern: `${YOTI_BASE_PATH}/sessions/:sessionId`,
        operation: 'getSession',
        handle(ctx) {
          const record = data.store.get(ctx.params.sessionId as string);
          if (!record) return error(404, 'The session could not be found', { code: 'SESSION_NOT_FOUND' });
          const payload = data.renderSession(record, state.clock.nowMs());
          return jsonReply(
            200,
            state.faults.isSchemaInvalid('yoti', record.id) ? breakPayload(payload, null, 'state') : payload,
          );
        },
      },
      {
        method: 'GET',
        pattern: `${YOTI_BASE_PATH}/sessions/:sessionId/media/:mediaId/content`,
        operation: 'getMediaContent',
        handle(ctx) {
          const record = data.store.get(ctx.params.sessionId as string);
          if (!record) return error(404, 'The session could not be found', { code: 'SESSION_NOT_FOUND' });
          const mediaId = ctx.params.mediaId as string;
          const media = data.mediaOf(record, state.clock.nowMs()).find((m) => m.id === mediaId);
          if (!media) return error(404, 'The media could not be found', { code: 'MEDIA_NOT_FOUND' });
          if (!media.content) return { status: 204 };
          const { contentType, kind, json } = media.content;
          if (kind === 'json') return { status: 200, body: Buffer.from(JSON.stringify(json)), contentType };
          const seed = hashSeed('yoti-media', mediaId);
          if (kind === 'image') return { status: 200, body: tinyPng(seed & 0xffffff), contentType };
          const rng = new Rng(seed);
          const bytes = Buffer.alloc(256);
          for (let i = 0; i < bytes.length; i++) bytes[i] = rng.u32() & 0xff;
          return { status: 200, body: bytes, contentType };
        },
      },
    ],
  };
}
