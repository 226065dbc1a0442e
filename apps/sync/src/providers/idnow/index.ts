import { parseJwksWebhooks } from '../../config/webhooks.js';
import type { ProviderAdapter } from '../adapter.js';
import { IDNOW_CONFIG_KEYS, type IdnowConfig, parseIdnowConfig } from './config.js';
import { createIdnowSource } from './source.js';

/** IDnow Trust Platform. Rate limits are undocumented: conservative defaults. */
export const idnowAdapter: ProviderAdapter<IdnowConfig> = {
  name: 'idnow',
  defaults: { concurrency: 8, requestsPerSecond: 20 },
  configKeys: IDNOW_CONFIG_KEYS,
  parseWebhooks: parseJwksWebhooks,
  parseConfig: parseIdnowConfig,
  secretsOf: (c) => [c.clientSecret, c.token].filter((s): s is string => !!s),
  createSource: createIdnowSource,
};
