import type { Fields } from '../../config/fields.js';

/** `providers.complycube` of idvkit.config.json. */
export interface ComplyCubeConfig {
  baseUrl: string;
  apiKey: string;
}

export const COMPLYCUBE_CONFIG_KEYS = ['baseUrl', 'apiKey'] as const;

export function parseComplyCubeConfig(f: Fields): ComplyCubeConfig {
  return { baseUrl: f.url('baseUrl', 'https://api.complycube.com/v1'), apiKey: f.string('apiKey') };
}
