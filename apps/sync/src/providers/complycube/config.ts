import type { Fields } from '../../config/fields.js';

/** A ComplyCube connection's settings (`connections.<name>`, or the shorthand `providers.complycube`). */
export interface ComplyCubeConfig {
  baseUrl: string;
  apiKey: string;
}

export const COMPLYCUBE_CONFIG_KEYS = ['baseUrl', 'apiKey'] as const;

export function parseComplyCubeConfig(f: Fields): ComplyCubeConfig {
  return { baseUrl: f.url('baseUrl', 'https://api.complycube.com/v1'), apiKey: f.string('apiKey') };
}
