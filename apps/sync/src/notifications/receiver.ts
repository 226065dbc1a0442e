import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { enqueueDiscovered, type IdvDb } from '@idvkit/db';
import { authorizationMatches, parseNotification } from '@idvkit/yoti';
import { readBody } from '../http/read-body.js';
import { refuseBody, reply } from '../http/reply.js';
import { createLimitedServer, resolveServerLimits, type ServerLimits } from '../http/server-limits.js';
import type { Logger } from '../output/logger.js';

/** A running notification receiver. */
export interface NotificationReceiver {
  url: string;
  /** How many notifications were accepted and enqueued so far. */
  accepted(): number;
  close(): Promise<void>;
}

/**
 * An HTTP receiver for Yoti's session notifications: checks the configured auth token (401 otherwise), parses
 * the body (400 when it is not a notification) and adds the session id to idv.discovered_sessions (for
 * `connection`), where the next
 * `idvkit sync` picks it up. Answers 204 once the id is stored, so Yoti retries what was not. Idle, slow and
 * surplus connections are cut off per `limits` (defaults: `DEFAULT_SERVER_LIMITS`, ../http/server-limits.ts).
 */
export async function startNotificationReceiver(opts: {
  db: IdvDb;
  authToken: string;
  /** The Yoti connection the ids are recorded for (default `yoti`, the `providers` shorthand's). */
  connection?: string;
  port?: number;
  host?: string;
  log: Logger;
  limits?: Partial<ServerLimits>;
}): Promise<NotificationReceiver> {
  const limits = resolveServerLimits(opts.limits);
  const connection = opts.connection ?? 'yoti';
  let accepted = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST')
      return reply(res, 405, { error: 'method_not_allowed', detail: 'POST a notification' });
    if (!authorizationMatches(req.headers.authorization, opts.authToken)) {
      opts.log.warn('notification rejected', { reason: 'unauthorized', path: req.url?.split('?')[0] });
      return reply(res, 401, { error: 'unauthorized', detail: 'expected the configured auth token' });
    }
    const read = await readBody(req, { maxBytes: limits.maxBodyBytes, timeoutMs: limits.bodyTimeoutMs });
    if (!read.ok) {
      opts.log.warn('notification rejected', { reason: `body_${read.reason}` });
      return refuseBody(res, read.reason, limits);
    }
    const body = read.body;
    let notification: ReturnType<typeof parseNotification>;
    try {
      notification = parseNotification(body);
    } catch (err) {
      return reply(res, 400, { error: 'invalid_notification', detail: (err as Error).message });
    }
    await enqueueDiscovered(
      opts.db,
      'yoti',
      [{ sessionId: notification.session_id, source: 'notification', topic: notification.topic }],
      new Date(),
      connection,
    );
    accepted++;
    opts.log.info('notification enqueued', {
      provider: 'yoti',
      connection,
      sessionId: notification.session_id,
      topic: notification.topic,
    });
    res.writeHead(204).end();
  };
  const server = createLimitedServer(limits, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      opts.log.error('notification failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent)
        reply(res, 500, { error: 'internal_error', detail: 'could not store the notification' });
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
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
