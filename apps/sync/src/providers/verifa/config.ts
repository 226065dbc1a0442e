import { ConfigError } from '../../config/config-error.js';
import type { Fields } from '../../config/fields.js';

/** A Verifa connection's settings (`connections.<name>`, or the shorthand `providers.verifa`). */
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
    version: parseVersion(f),
  };
}

/** `Verifa-Version` is a calendar date: checked here so a typo is a config error, not a failed run. */
function parseVersion(f: Fields): string {
  const version = f.optionalString('version') ?? '2026-01-01';
  const date = new Date(`${version}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(version) ||
    Number.isNaN(date.getTime()) ||
    !date.toISOString().startsWith(version)
  ) {
    throw new ConfigError(
      `${f.path}.version: expected an API version date as YYYY-MM-DD (such as 2026-01-01), received ${JSON.stringify(version.slice(0, 40))}`,
    );
  }
  return version;
}
