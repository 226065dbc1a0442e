import type { IdvkitConfig } from '../../config/load-config.js';
import type { WebhookConnection } from './types.js';

/**
 * The connections that receive webhooks: for now each provider block with a `webhooks` object, named after the
 * provider (`POST /webhooks/complycube`). Named connections (`connections.<name>.webhooks`) replace this.
 */
export function webhookConnections(config: Pick<IdvkitConfig, 'providers'>): WebhookConnection[] {
  return config.providers.flatMap((p) =>
    p.webhooks ? [{ name: p.name, provider: p.name, webhooks: p.webhooks }] : [],
  );
}
