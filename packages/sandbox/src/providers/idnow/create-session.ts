import { randomBytes } from 'node:crypto';
import { isoMs } from '../../clock.js';
import type { IdnowCreateInput, IdnowEnvironment } from '../../data/idnow.js';
import { jsonReply, type Reply } from '../../http/reply.js';
import type { RequestContext } from '../../http/router.js';
import type { SandboxState } from '../../state.js';

type Fail = (status: number, message: string) => Reply;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates the create-session body; returns what to store or the 400 explaining what was expected. */
function parseBody(ctx: RequestContext, fail: Fail): { given: IdnowCreateInput } | { reply: Reply } {
  const type = String(ctx.req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/json')) {
    // multipart/form-data (document uploads) is documented too; the sandbox emulates the JSON form only.
    return { reply: fail(400, `expected Content-Type application/json, received ${type || 'none'}`) };
  }
  let body: unknown;
  try {
    body = JSON.parse(ctx.body.toString('utf8') || 'null');
  } catch {
    return { reply: fail(400, 'expected a JSON object body, received invalid JSON') };
  }
  if (!isObject(body)) return { reply: fail(400, 'expected a JSON object body') };
  const { input, metadata, redirectUrl, state } = body;
  if (input !== undefined && !isObject(input))
    return { reply: fail(400, 'input: expected an object of datablocks') };
  // `metadata` is optional in one docs version and required (with subjectId) in another: optional here.
  if (metadata !== undefined && !isObject(metadata))
    return { reply: fail(400, 'metadata: expected an object') };
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (typeof value !== 'string')
      return { reply: fail(400, `metadata.${key}: expected a string, received ${typeof value}`) };
  }
  if (redirectUrl !== undefined && (typeof redirectUrl !== 'string' || !URL.canParse(redirectUrl))) {
    return { reply: fail(400, 'redirectUrl: expected an absolute URL') };
  }
  if (state !== undefined && (typeof state !== 'string' || state.length > 2048)) {
    return { reply: fail(400, 'state: expected a string of at most 2048 characters') };
  }
  const subjectId = (metadata as Record<string, string> | undefined)?.subjectId;
  return { given: { subjectId: subjectId ?? null, redirectUrl: redirectUrl ?? null, state: state ?? null } };
}

/**
 * `POST /api/v1/flows/{flowId}/{environment}/sessions`: stores a CREATED session (later moved on by `advance`)
 * and answers 201 with `sessionContext`, `playerUrl` and a fresh `sdkToken`.
 */
export function createSession(
  state: SandboxState,
  ctx: RequestContext,
  flowIndex: number,
  environment: IdnowEnvironment,
  fail: Fail,
): Reply {
  const parsed = parseBody(ctx, fail);
  if ('reply' in parsed) return parsed.reply;
  const data = state.idnow;
  const record = data.createFromApi(flowIndex, environment, state.clock.nowMs(), parsed.given);
  state.onSessionsChanged?.('idnow', [record.id]);
  const flow = data.flows[flowIndex];
  const context: Record<string, string | null> = {
    sessionId: record.id,
    sessionStatus: record.status,
    createdAt: isoMs(record.createdAt),
  };
  if (record.expiresAt !== null) context.expiresAt = isoMs(record.expiresAt);
  return jsonReply(201, {
    flowId: flow?.flowId ?? '',
    flowVersion: record.flowVersion,
    environment,
    sessionContext: context,
    // `.invalid` (RFC 2606): the sandbox has no player; the URL only has to look like one.
    playerUrl: `https://player.idnow-sandbox.invalid/s/${record.id}`,
    sdkToken: `sdk_${randomBytes(24).toString('base64url')}`,
  });
}
