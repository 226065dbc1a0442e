import { parseSecretWebhooks } from '../../config/webhooks.js';
import type { ProviderAdapter } from '../adapter.js';
import { COMPLYCUBE_CONFIG_KEYS, type ComplyCubeConfig, parseComplyCubeConfig } from './config.js';
import { createComplyCubeSource } from './source.js';

/** ComplyCube: documented limit 10 requests/s (live). */
export const complyCubeAdapter: ProviderAdapter<ComplyCubeConfig> = {
  name: 'complycube',
  defaults: { concurrency: 10, requestsPerSecond: 10 },
  configKeys: COMPLYCUBE_CONFIG_KEYS,
  parseWebhooks: parseSecretWebhooks,
  parseConfig: parseComplyCubeConfig,
  secretsOf: (c) => [c.apiKey],
  createSource: createComplyCubeSource,
};
