import type { IdvkitConfig } from '../../config/load-config.js';
import type { WebhookConnection } from './types.js';

/**
 * The connections that receive webhooks (`POST /webhooks/<connection>`): those with a `webhooks` block, its
 * options under the verifier's own names (the config's `kind` tag is the config's, not the verifier's).
 */
export function webhookConnections(config: Pick<IdvkitConfig, 'connections'>): WebhookConnection[] {
  return config.connections.flatMap((c) => {
    if (!c.webhooks) return [];
    const { kind: _kind, ...webhooks } = c.webhooks;
    return [{ name: c.name, provider: c.provider, webhooks }];
  });
}
