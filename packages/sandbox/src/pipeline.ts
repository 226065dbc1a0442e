import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './http/body.js';
import type { Reply } from './http/reply.js';
import { jsonReply } from './http/reply.js';
import { type RequestContext, Router } from './http/router.js';
import { sendReply } from './http/send.js';
import type { ProviderApi } from './providers/api.js';
import type { RateCheck, RateLimits } from './rate-limit.js';
import type { SandboxState } from './state.js';
import type { Stats } from './stats.js';
import type { Provider } from './types.js';

/** Dependencies of the request pipeline. */
export interface PipelineDeps {
  state: SandboxState;
  apis: readonly ProviderApi[];
  stats: Stats;
  rateLimits: RateLimits;
  /** Handles `/_admin/*` (never faulted, rate limited or counted). */
  admin(ctx: RequestContext): Promise<Reply>;
  /** Responses held open by `hangRate`; ended when the sandbox stops. */
  hanging: Set<ServerResponse>;
}

function rateHeaders(provider: Provider, check: RateCheck): Record<string, string> {
  if (provider !== 'verifa') return {};
  return {
    'X-RateLimit-Limit': String(check.limit),
    'X-RateLimit-Remaining': String(Math.max(0, check.remaining)),
    'X-RateLimit-Reset': String(check.resetUnix),
  };
}

function rateLimited(api: ProviderApi, check: RateCheck): Reply {
  // ComplyCube documents no rate-limit headers at all.
  const retryAfterSeconds = api.provider === 'complycube' ? null : check.retryAfterSeconds;
  return api.error(429, 'Rate limit exceeded', { retryAfterSeconds });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The request pipeline every provider request goes through: route → count → faults (fail-next,
 * latency, hang, reset, 429, errors) → rate limit → authentication → handler → provider finish →
 * (maybe truncated) response.
 */
export function createRequestHandler(
  deps: PipelineDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const byRoot = new Map<string, { api: ProviderApi; router: Router }>();
  for (const api of deps.apis) {
    const router = new Router(api.routes);
    for (const root of api.roots) byRoot.set(root, { api, router });
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    let path = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    if (path.length > 1) path = path.replace(/\/+$/, '') || '/';
    const query = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '');
    const method = (req.method ?? 'GET').toUpperCase();
    const root = path.split('/')[1] ?? '';
    const body = await readBody(req);
    const ctx: RequestContext = { req, method, path, rawUrl, query, params: {}, body };

    if (root === '_admin') {
      sendReply(res, await deps.admin(ctx));
      return;
    }
    const target = byRoot.get(root);
    if (!target) {
      sendReply(res, jsonReply(404, { error: 'not_found', message: 'No emulated provider at this path' }));
      return;
    }
    const { api, router } = target;
    const provider = api.provider;
    const match = router.match(method, path);
    const operation = match.kind === 'found' ? match.route.operation : 'unmatched';
    deps.stats.request(provider, operation);

    const decision = deps.state.faults.decide(provider, operation);
    if (decision.kind === 'hang') {
      deps.stats.hang(provider);
      deps.hanging.add(res);
      res.on('close', () => deps.hanging.delete(res));
      return;
    }
    const latency = deps.state.faults.latencyMs(provider);
    if (latency > 0) {
      await sleep(latency);
      if (res.destroyed || req.socket.destroyed) return;
    }
    if (decision.kind === 'reset') {
      deps.stats.reset(provider);
      req.socket.destroy();
      return;
    }

    let reply: Reply | undefined;
    let extraHeaders: Record<string, string> = {};
    if (decision.kind === 'fail') {
      reply = api.error(decision.status, undefined, { retryAfterSeconds: decision.retryAfterSeconds });
    } else {
      const check = deps.rateLimits.take(provider, Date.now(), api.rateLimitPartition?.(ctx));
      if (check) {
        extraHeaders = rateHeaders(provider, check);
        if (!check.allowed) reply = rateLimited(api, check);
      }
    }
    if (!reply) {
      if (match.kind === 'not-found') {
        reply = api.error(404, 'No such route');
      } else if (match.kind === 'method-not-allowed') {
        reply = api.error(405, 'Method not allowed', { headers: { Allow: match.allow.join(', ') } });
      } else {
        ctx.params = match.params;
        reply =
          (match.route.auth === false ? null : api.authenticate(ctx)) ??
          api.preflight?.(ctx) ??
          (await match.route.handle(ctx));
      }
    }
    if (api.finish) reply = api.finish(ctx, reply);
    const truncate =
      decision.kind === 'pass' && decision.invalidJson && reply.status < 300 && reply.json !== undefined;
    sendReply(res, reply, extraHeaders, truncate);
    deps.stats.status(provider, reply.status);
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : 'unexpected error';
      sendReply(res, jsonReply(500, { error: 'sandbox_error', message }));
    });
  };
}
