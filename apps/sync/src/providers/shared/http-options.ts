import type { HttpOptions } from '@idvkit/http';
import type { SourceContext } from '../../engine/types.js';

/**
 * The transport options every client gets from the engine: injected fetch, logger hook, rate limiter and the
 * response body cap.
 */
export function httpOptions(ctx: SourceContext): HttpOptions {
  return {
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
    onRequest: ctx.onRequest,
    rateLimiter: ctx.rateLimiter,
    ...(ctx.maxResponseBytes !== undefined ? { maxResponseBytes: ctx.maxResponseBytes } : {}),
    ...ctx.http,
  };
}
