import { timestampedSecretWebhooks } from '../../config/webhooks.js';
import type { ProviderAdapter } from '../adapter.js';
import { buildVerifaConfig, VERIFA_CONFIG_SHAPE, type VerifaConfig } from './config.js';
import { createVerifaSource } from './source.js';

/**
 * Verifa: 300–1000 requests/min by plan, counted in fixed one-minute windows. The default is 98% of the lowest
 * plan (4.9/s = 294/min): a steady 5/s can still land 301 requests in one window and earn a 429.
 */
export const verifaAdapter: ProviderAdapter<VerifaConfig> = {
  name: 'verifa',
  defaults: { concurrency: 8, requestsPerSecond: 4.9 },
  configShape: VERIFA_CONFIG_SHAPE,
  buildConfig: buildVerifaConfig,
  webhooks: timestampedSecretWebhooks,
  secretsOf: (c) => [c.apiKey],
  createSource: createVerifaSource,
};
