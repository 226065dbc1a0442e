import type { Fields } from '../../config/fields.js';

/** `providers.verifa` of idvkit.config.json. */
export interface VerifaConfig {
  baseUrl: string;
  apiKey: string;
  version: string;
}

export const VERIFA_CONFIG_KEYS = ['baseUrl', 'apiKey', 'version'] as const;

export function parseVerifaConfig(f: Fields): VerifaConfig {
  return {
    baseUrl: f.url('baseUrl', 'https://api.withverifa.com'),
    apiKey: f.string('apiKey'),
    version: f.optionalString('version') ?? '2026-01-01',
  };
}
