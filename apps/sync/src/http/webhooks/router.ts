import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdvDb } from '@idvkit/db';
import { WebhookVerificationError } from '@idvkit/http';
import type { Logger } from '../../output/logger.js';
import type { IdvkitMetrics, WebhookOutcome } from '../metrics.js';
import { readBody } from '../read-body.js';
import { refuseBody, reply } from '../reply.js';
import type { ServerLimits } from '../server-limits.js';
import { INTAKES } from './intakes.js';
import { storeEvent } from './store-event.js';
import type { WebhookConnection } from './types.js';

const PREFIX = '/webhooks/';

/** Handles `POST /webhooks/<connection>`; false when the path is not under /webhooks/ (someone else's). */
export type WebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * The webhook intake: finds the connection (404), reads the body within the limits (413 too large, 408 too slow),
 * verifies it with the provider's `verifyWebhook` (401 for a bad or missing signature or a stale timestamp; 503
 * when IDnow's key set cannot be fetched, so IDnow retries), then stores it minimized and queues its job in one
 * transaction (`storeEvent`) and answers 202, or 200 for a duplicate (or a repeat, see `storeEvent`). A rejection stores nothing. The answer
 * never waits for the session fetch, which the worker does later: well within IDnow's 10 s.
 */
export function createWebhookHandler(opts: {
  db: IdvDb;
  connections: readonly WebhookConnection[];
  limits: Pick<ServerLimits, 'maxBodyBytes' | 'bodyTimeoutMs'>;
  metrics: IdvkitMetrics;
  log: Logger;
}): WebhookHandler {
  const byName = new Map(opts.connections.map((c) => [c.name, c]));
  const { metrics, log, limits } = opts;
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!path.startsWith(PREFIX)) return false;
    const name = decodeSegment(path.slice(PREFIX.length));
    const connection = name === undefined ? undefined : byName.get(name);
    const label = connection?.name ?? '-';
    const answer = (status: number, outcome: WebhookOutcome | null, body?: unknown) => {
      metrics.httpRequests.inc({ connection: label, status: String(status) });
      if (outcome) metrics.webhookEvents.inc({ connection: label, outcome });
      if (body !== undefined) reply(res, status, body);
    };
    if (!connection) {
      answer(404, null, {
        error: 'not_found',
        detail: `expected POST /webhooks/<connection> for one of: ${[...byName.keys()].join(', ') || '(none configured)'}`,
      });
      return true;
    }
    if (req.method !== 'POST') {
      answer(405, null, { error: 'method_not_allowed', detail: 'expected POST' });
      return true;
    }
    const read = await readBody(req, { maxBytes: limits.maxBodyBytes, timeoutMs: limits.bodyTimeoutMs });
    if (!read.ok) {
      log.warn('webhook rejected', { connection: label, reason: `body_${read.reason}` });
      if (read.reason === 'aborted') return true;
      const status = read.reason === 'too_large' ? 413 : 408;
      answer(status, read.reason);
      refuseBody(res, read.reason, limits);
      return true;
    }
    const intake = INTAKES[connection.provider];
    if (!intake)
      throw new Error(`connection ${label}: no webhook intake for provider ${connection.provider}`);
    let event: Awaited<ReturnType<typeof intake.verify>>;
    try {
      event = await intake.verify({ body: read.body, headers: req.headers }, connection.webhooks);
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      const unavailable = err.reason === 'jwks_unavailable';
      // The verifiers' messages name what was expected and received, never the secret or the token.
      log.warn('webhook rejected', { connection: label, reason: err.reason, detail: err.message });
      if (unavailable) {
        answer(503, 'unavailable', { error: 'unavailable', detail: 'the signing keys could not be fetched' });
      } else {
        answer(401, 'unauthorized', { error: 'unauthorized', detail: err.message });
      }
      return true;
    }
    let outcome: Awaited<ReturnType<typeof storeEvent>>;
    try {
      outcome = await storeEvent(opts.db, connection, event, read.body);
    } catch (err) {
      // Not stored: a 5xx makes the provider deliver it again later.
      log.error('webhook not stored', {
        connection: label,
        error: err instanceof Error ? err.message : String(err),
      });
      answer(500, 'error', {
        error: 'internal_error',
        detail: 'the event could not be stored; deliver it again',
      });
      return true;
    }
    log.info('webhook received', { connection: label, outcome, type: event.eventType });
    answer(outcome === 'duplicate' || outcome === 'repeated' ? 200 : 202, outcome, { status: outcome });
    return true;
  };
}

function decodeSegment(segment: string): string | undefined {
  try {
    const name = decodeURIComponent(segment);
    return name === '' || name.includes('/') ? undefined : name;
  } catch {
    return undefined;
  }
}
