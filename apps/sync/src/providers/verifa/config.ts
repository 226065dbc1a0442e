import * as z from 'zod';
import { checkUrl, type UrlPolicy } from '../../config/check-url.js';
import { expected, quoted, secret, strict, urlOr } from '../../config/schema-kit.js';

/** A Verifa connection's settings (`connections.<name>`, or the shorthand `providers.verifa`). */
export interface VerifaConfig {
  baseUrl: string;
  apiKey: string;
  version: string;
}

const VERSION = expected('an API version date as YYYY-MM-DD (such as 2026-01-01)', quoted());

const settings = strict({
  baseUrl: urlOr('https://api.withverifa.com', 'The Verifa API.'),
  apiKey: secret('The Verifa API key.'),
  // `Verifa-Version` is a calendar date: checked here so a typo is a config error, not a failed run.
  version: z
    .string(VERSION)
    .regex(/^\d{4}-\d{2}-\d{2}$/, VERSION)
    .refine(isCalendarDate, VERSION)
    .default('2026-01-01')
    .meta({ description: 'The Verifa API version (the Verifa-Version header), a date.' }),
});

/** The keys of a Verifa connection besides the common ones. */
export const VERIFA_CONFIG_SHAPE = settings.shape;

/** The validated keys as the source uses them, the URL checked against the connection's policy. */
export function buildVerifaConfig(
  v: z.output<typeof settings>,
  where: string,
  policy: UrlPolicy,
): VerifaConfig {
  return {
    baseUrl: checkUrl(v.baseUrl ?? 'https://api.withverifa.com', `${where}.baseUrl`, policy),
    apiKey: v.apiKey,
    version: v.version,
  };
}

function isCalendarDate(v: string): boolean {
  const date = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(v);
}
