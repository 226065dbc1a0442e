import { jwksWebhooks } from '../../config/webhooks.js';
import type { ProviderAdapter } from '../adapter.js';
import { buildIdnowConfig, IDNOW_CONFIG_SHAPE, type IdnowConfig } from './config.js';
import { createIdnowSource } from './source.js';

/** IDnow Trust Platform. Rate limits are undocumented: conservative defaults. */
export const idnowAdapter: ProviderAdapter<IdnowConfig> = {
  name: 'idnow',
  defaults: { concurrency: 8, requestsPerSecond: 20 },
  configShape: IDNOW_CONFIG_SHAPE,
  buildConfig: buildIdnowConfig,
  webhooks: jwksWebhooks,
  secretsOf: (c) => [c.clientSecret, c.token].filter((s): s is string => !!s),
  createSource: createIdnowSource,
};
