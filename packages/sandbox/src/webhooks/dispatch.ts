import type { JsonObject } from '../types.js';
import type { WebhookSender, WebhookTarget } from './types.js';

/** What one batch of deliveries did. */
export interface DeliveryCounts {
  /** Events POSTed (at least one attempt each, retries not counted). */
  sent: number;
  /** Events the receiver acknowledged with a 2xx. */
  acknowledged: number;
}

/** Knobs of {@link deliverWebhooks}. */
export interface DeliveryOptions {
  /** Deliveries in flight at once (default 8). */
  concurrency?: number;
  /** Per-attempt timeout in real milliseconds (default 10 000, IDnow's documented acknowledgement window). */
  timeoutMs?: number;
  /** First retry delay in real milliseconds, doubled per retry (default 100); only with `sender.retries`. */
  retryDelayMs?: number;
  /** Stops every delivery (e.g. when the sandbox stops). */
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * POSTs `events` to `target.url`, each signed by `sender` at the moment it is sent, at most `concurrency` at
 * a time and each attempt bounded by `timeoutMs`. A non-2xx, a timeout or a refused connection loses the event
 * after `sender.retries` extra attempts (default none), as the providers' best-effort delivery does.
 * Never rejects: a failed signature or delivery only leaves the event unacknowledged.
 */
export async function deliverWebhooks(
  sender: WebhookSender,
  events: readonly JsonObject[],
  target: WebhookTarget,
  options: DeliveryOptions = {},
): Promise<DeliveryCounts> {
  const { concurrency = 8, timeoutMs = 10_000, retryDelayMs = 100, signal } = options;
  const retries = sender.retries ?? 0;
  const counts: DeliveryCounts = { sent: 0, acknowledged: 0 };
  let next = 0;

  const attempt = async (event: JsonObject): Promise<boolean> => {
    const signed = await sender.sign(event, target, Date.now());
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(target.url, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok;
  };

  const worker = async (): Promise<void> => {
    while (next < events.length && !signal?.aborted) {
      const event = events[next++] as JsonObject;
      counts.sent++;
      for (let i = 0; i <= retries && !signal?.aborted; i++) {
        if (i > 0) await sleep(retryDelayMs * 2 ** (i - 1), signal);
        const ok = await attempt(event).catch(() => false);
        if (ok) {
          counts.acknowledged++;
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), events.length) }, worker));
  return counts;
}
