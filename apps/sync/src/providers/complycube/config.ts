import type * as z from 'zod';
import { checkUrl, type UrlPolicy } from '../../config/check-url.js';
import { secret, strict, urlOr } from '../../config/schema-kit.js';

/** A ComplyCube connection's settings (`connections.<name>`, or the shorthand `providers.complycube`). */
export interface ComplyCubeConfig {
  baseUrl: string;
  apiKey: string;
}

const settings = strict({
  baseUrl: urlOr('https://api.complycube.com/v1', 'The ComplyCube API.'),
  apiKey: secret('The ComplyCube API key.'),
});

/** The keys of a ComplyCube connection besides the common ones. */
export const COMPLYCUBE_CONFIG_SHAPE = settings.shape;

/** The validated keys as the source uses them, the URL checked against the connection's policy. */
export function buildComplyCubeConfig(
  v: z.output<typeof settings>,
  where: string,
  policy: UrlPolicy,
): ComplyCubeConfig {
  return {
    baseUrl: checkUrl(v.baseUrl ?? 'https://api.complycube.com/v1', `${where}.baseUrl`, policy),
    apiKey: v.apiKey,
  };
}
