import { invalidClient } from '../../data/complycube-clients.js';
import { jsonReply, type Reply } from '../../http/reply.js';
import type { RequestContext, Route } from '../../http/router.js';
import type { SandboxState } from '../../state.js';
import type { JsonObject } from '../../types.js';
import type { ErrorDetails } from '../api.js';

type ErrorReply = (status: number, message?: string, details?: ErrorDetails) => Reply;

/** The JSON object body of a request, or the 400 ComplyCube answers for anything else. */
function jsonBody(ctx: RequestContext, error: ErrorReply): { body: JsonObject } | { reply: Reply } {
  try {
    const value: unknown = JSON.parse(ctx.body.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return { body: value as JsonObject };
  } catch {
    // Fall through to the 400 below.
  }
  return { reply: error(400, 'The request body must be a JSON object') };
}

/** Whether a URL field is a string, or (the docs' table says "array") an array of strings. */
const urlField = (value: unknown): boolean =>
  (typeof value === 'string' && value !== '') ||
  (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'));

/**
 * ComplyCube's creating and state-changing operations: create a client, create a hosted flow session, and
 * complete or cancel a workflow session. Sessions move on their own afterwards with `advance`.
 */
export function complyCubeWriteRoutes(state: SandboxState, error: ErrorReply): Route[] {
  const data = state.complycube;
  const transition = (ctx: RequestContext, verb: 'complete' | 'cancel'): Reply => {
    const record = data.store.get(ctx.params.id as string);
    if (!record) return error(404, `Invalid workflow session id '${ctx.params.id}'`);
    if (record.status !== 'started') {
      return error(400, `Workflow session '${record.id}' is not started (status '${record.status}')`, {
        param: 'id',
      });
    }
    if (verb === 'complete') data.complete(record, state.clock.nowMs());
    else data.cancel(record, state.clock.nowMs());
    state.onSessionsChanged?.('complycube', [record.id]);
    return jsonReply(200, { status: record.status });
  };
  return [
    {
      method: 'POST',
      pattern: '/complycube/v1/clients',
      operation: 'createClient',
      handle(ctx) {
        const parsed = jsonBody(ctx, error);
        if ('reply' in parsed) return parsed.reply;
        const { body } = parsed;
        const invalid = invalidClient(body);
        if (invalid) return error(400, invalid.message, { param: invalid.param });
        const client = data.clients.create(data.apiRng(), body, state.clock.nowMs());
        return jsonReply(200, data.clients.render(client));
      },
    },
    {
      method: 'POST',
      pattern: '/complycube/v1/flow/sessions',
      operation: 'createFlowSession',
      handle(ctx) {
        const parsed = jsonBody(ctx, error);
        if ('reply' in parsed) return parsed.reply;
        const { body } = parsed;
        for (const name of ['clientId', 'workflowTemplateId'] as const) {
          if (typeof body[name] !== 'string' || body[name] === '') {
            // The legacy (checkTypes) hosted flow is not emulated: the sandbox needs a workflow template.
            return error(400, `"${name}" is required`, { param: name });
          }
        }
        for (const name of ['successUrl', 'cancelUrl'] as const) {
          if (!urlField(body[name])) return error(400, `"${name}" is required`, { param: name });
        }
        const client = data.clients.get(body.clientId as string);
        if (!client) return error(404, `Invalid client id '${body.clientId}'`);
        const template = data.templateIndex(body.workflowTemplateId as string);
        if (template < 0) return error(404, `Invalid workflow template id '${body.workflowTemplateId}'`);
        const record = data.startFlow(client.id, client.entityName, template, state.clock.nowMs());
        state.onSessionsChanged?.('complycube', [record.id]);
        const token = Buffer.from(record.id, 'hex').toString('base64url');
        return jsonReply(200, { redirectUrl: `https://flow.complycube.com/session/${token}` });
      },
    },
    {
      method: 'POST',
      pattern: '/complycube/v1/workflowSessions/:id/complete',
      operation: 'completeWorkflowSession',
      handle: (ctx) => transition(ctx, 'complete'),
    },
    {
      method: 'POST',
      pattern: '/complycube/v1/workflowSessions/:id/cancel',
      operation: 'cancelWorkflowSession',
      handle: (ctx) => transition(ctx, 'cancel'),
    },
  ];
}
