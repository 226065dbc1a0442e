import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IdvDb } from '@idvkit/db';
import type { Logger } from '../output/logger.js';
import { checkReadiness } from './health.js';
import { type IdvkitMetrics, METRICS } from './metrics.js';
import { reply } from './reply.js';
import { createLimitedServer, resolveServerLimits, type ServerLimits } from './server-limits.js';
import { createWebhookHandler } from './webhooks/router.js';
import type { WebhookConnection } from './webhooks/types.js';

/** Webhook bodies are accepted up to 1 MiB by default (the limits' general default is 64 KiB). */
export const DEFAULT_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** The service's running HTTP port. */
export interface ServiceHttp {
  url: string;
  /** Stops accepting, closes every connection, and stops reading the database for metrics. */
  close(): Promise<void>;
}

/**
 * Starts the service's HTTP port: `POST /webhooks/<connection>` (see `createWebhookHandler`), `GET /healthz`
 * (200 while the process runs), `GET /readyz` (200 when the database answers and both schemas are current,
 * else 503 with the reason) and `GET /metrics` (Prometheus text). Used by `idvkit serve` and the worker's
 * `--http-port`. Idle, slow and surplus connections are cut off per `limits`.
 */
export async function startServiceHttp(opts: {
  db: IdvDb;
  connections: readonly WebhookConnection[];
  log: Logger;
  port?: number;
  host?: string;
  limits?: Partial<ServerLimits>;
  metrics?: IdvkitMetrics;
}): Promise<ServiceHttp> {
  const limits = resolveServerLimits({ maxBodyBytes: DEFAULT_WEBHOOK_BODY_BYTES, ...opts.limits });
  const metrics = opts.metrics ?? METRICS;
  const unwatch = metrics.watchDatabase(opts.db);
  const webhooks = createWebhookHandler({ ...opts, limits, metrics });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (await webhooks(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return reply(res, 405, { error: 'method_not_allowed', detail: `expected GET ${path}` });
    }
    if (path === '/healthz') return reply(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const readiness = await checkReadiness(opts.db);
      return readiness.ready
        ? reply(res, 200, { status: 'ready' })
        : reply(res, 503, { status: 'not_ready', detail: readiness.reason });
    }
    if (path === '/metrics') {
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
      return;
    }
    reply(res, 404, {
      error: 'not_found',
      detail: 'expected /webhooks/<connection>, /healthz, /readyz or /metrics',
    });
  };
  const server = createLimitedServer(limits, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      opts.log.error('request failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent)
        reply(res, 500, { error: 'internal_error', detail: 'the request could not be handled' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        unwatch();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
