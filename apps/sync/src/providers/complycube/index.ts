import { secretWebhooks } from '../../config/webhooks.js';
import type { ProviderAdapter } from '../adapter.js';
import { buildComplyCubeConfig, COMPLYCUBE_CONFIG_SHAPE, type ComplyCubeConfig } from './config.js';
import { createComplyCubeSource } from './source.js';

/** ComplyCube: documented limit 10 requests/s (live). */
export const complyCubeAdapter: ProviderAdapter<ComplyCubeConfig> = {
  name: 'complycube',
  defaults: { concurrency: 10, requestsPerSecond: 10 },
  configShape: COMPLYCUBE_CONFIG_SHAPE,
  buildConfig: buildComplyCubeConfig,
  webhooks: secretWebhooks,
  secretsOf: (c) => [c.apiKey],
  createSource: createComplyCubeSource,
};
