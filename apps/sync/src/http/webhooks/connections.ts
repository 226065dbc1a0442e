import type { IdvkitConfig } from '../../config/load-config.js';
import type { WebhookConnection } from './types.js';

/** The connections that receive webhooks (`POST /webhooks/<connection>`): those with a `webhooks` block. */
export function webhookConnections(config: Pick<IdvkitConfig, 'connections'>): WebhookConnection[] {
  return config.connections.flatMap((c) =>
    c.webhooks ? [{ name: c.name, provider: c.provider, webhooks: c.webhooks }] : [],
  );
}
