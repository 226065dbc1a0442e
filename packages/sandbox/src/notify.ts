import type { JsonObject, YotiNotificationConfig } from './types.js';

/**
 * POSTs Yoti session notifications the way Yoti does: a JSON body naming the session and topic,
 * authenticated with the configured `auth_token` as `Authorization: <scheme> <authToken>`.
 * Resolves to the number of notifications acknowledged with a 2xx; failures are not retried.
 */
export async function sendYotiNotifications(
  config: YotiNotificationConfig,
  payloads: readonly JsonObject[],
  concurrency = 8,
): Promise<number> {
  let acknowledged = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < payloads.length) {
      const payload = payloads[next++] as JsonObject;
      try {
        const response = await fetch(config.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `${config.scheme ?? 'Basic'} ${config.authToken}`,
          },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) acknowledged++;
      } catch {
        // An unreachable endpoint loses the notification, as with the real provider.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, payloads.length) }, worker));
  return acknowledged;
}
