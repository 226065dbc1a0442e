import type { ProviderAdapter } from '../adapter.js';
import { parseVerifaConfig, VERIFA_CONFIG_KEYS, type VerifaConfig } from './config.js';
import { createVerifaSource } from './source.js';

/** Verifa: 300–1000 requests/min by plan; the default is the lowest plan (5/s). */
export const verifaAdapter: ProviderAdapter<VerifaConfig> = {
  name: 'verifa',
  defaults: { concurrency: 8, requestsPerSecond: 5 },
  configKeys: VERIFA_CONFIG_KEYS,
  parseConfig: parseVerifaConfig,
  secretsOf: (c) => [c.apiKey],
  createSource: createVerifaSource,
};
