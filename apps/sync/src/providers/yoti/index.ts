import { authTokenWebhooks } from '../../config/webhooks.js';
import type { ProviderAdapter } from '../adapter.js';
import { buildYotiConfig, YOTI_CONFIG_SHAPE, type YotiConfig } from './config.js';
import { createYotiSource } from './source.js';

/** Yoti Identity Verification. Rate limits are undocumented: conservative defaults. */
export const yotiAdapter: ProviderAdapter<YotiConfig> = {
  name: 'yoti',
  defaults: { concurrency: 8, requestsPerSecond: 20 },
  configShape: YOTI_CONFIG_SHAPE,
  buildConfig: buildYotiConfig,
  webhooks: authTokenWebhooks,
  secretsOf: (c) => [c.privateKey, c.notifications?.authToken].filter((s): s is string => !!s),
  createSource: createYotiSource,
};
