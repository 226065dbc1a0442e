import { parseAuthTokenWebhooks } from '../../config/webhooks.js';
import type { ProviderAdapter } from '../adapter.js';
import { parseYotiConfig, YOTI_CONFIG_KEYS, type YotiConfig } from './config.js';
import { createYotiSource } from './source.js';

/** Yoti Identity Verification. Rate limits are undocumented: conservative defaults. */
export const yotiAdapter: ProviderAdapter<YotiConfig> = {
  name: 'yoti',
  defaults: { concurrency: 8, requestsPerSecond: 20 },
  configKeys: YOTI_CONFIG_KEYS,
  parseWebhooks: parseAuthTokenWebhooks,
  parseConfig: parseYotiConfig,
  secretsOf: (c) => [c.privateKey, c.notifications?.authToken].filter((s): s is string => !!s),
  createSource: createYotiSource,
};
