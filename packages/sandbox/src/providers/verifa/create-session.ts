import { isoSeconds, MINUTE } from '../../clock.js';
import { jsonReply, type Reply } from '../../http/reply.js';
import type { RequestContext } from '../../http/router.js';
import type { SandboxState } from '../../state.js';
import type { JsonObject } from '../../types.js';
import type { ErrorDetails } from '../api.js';
import { parseCreateBody } from './create-body.js';
import { IDEMPOTENCY_KEY_MAX, type IdempotencyKeys } from './idempotency.js';

/** A tiny PNG standing in for the capture link's QR code. */
const QR_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
/** The capture link's lifetime (Verifa: 20 minutes). */
const CAPTURE_MINUTES = 20;

type ErrorReply = (status: number, message?: string, details?: ErrorDetails) => Reply;

/**
 * `POST /api/v1/sessions`: validates the body, honours `Idempotency-Key` (replay for the same body, 422
 * `idempotency_mismatch` for another) and stores a `pending` session that `advance` moves on.
 */
export function createSession(
  ctx: RequestContext,
  state: SandboxState,
  keys: IdempotencyKeys,
  error: ErrorReply,
): Reply {
  const now = state.clock.nowMs();
  let body: JsonObject = {};
  const text = ctx.body.toString('utf8').trim();
  if (text !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return error(400, 'The request body must be JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return error(400, 'The request body must be a JSON object');
    }
    body = parsed as JsonObject;
  }
  const rawKey = ctx.req.headers['idempotency-key'];
  const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
  if (key !== undefined) {
    if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX) {
      return error(400, `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_MAX} characters`, {
        code: 'invalid_idempotency_key',
      });
    }
    const seen = keys.lookup(key, body, now);
    if (seen.kind === 'replay') return seen.reply;
    if (seen.kind === 'mismatch') {
      return error(422, 'This Idempotency-Key was used with a different request body', {
        code: 'idempotency_mismatch',
      });
    }
  }
  const parsed = parseCreateBody(body);
  if (!parsed.ok) return invalid(parsed.errors);
  let workflow = 0;
  if (parsed.workflowId !== null) {
    workflow = state.verifa.workflowIndex(parsed.workflowId);
    if (workflow < 0) return invalid([{ field: 'workflow_id', message: 'no active workflow has this id' }]);
  }
  const record = state.verifa.createFromApi(parsed.input, workflow, now);
  state.onSessionsChanged?.('verifa', [record.id]);
  const session = state.verifa.renderSession(record);
  const reply = jsonReply(201, {
    id: record.id,
    status: record.status,
    capture_url: session.capture_url ?? null,
    qr_code_data_url: QR_PNG,
    is_sandbox: true,
    created_at: session.created_at ?? null,
    expires_at: isoSeconds(now + CAPTURE_MINUTES * MINUTE),
  });
  if (key !== undefined) keys.remember(key, body, reply, now);
  return reply;
}

function invalid(errors: Array<{ field: string; message: string }>): Reply {
  return jsonReply(422, { error: 'validation_error', detail: errors, status_code: 422 });
}
