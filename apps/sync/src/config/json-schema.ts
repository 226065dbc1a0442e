import * as z from 'zod';
import { VERSION } from '../version.js';
import { configSchema } from './schema.js';

/** Where the published JSON Schema of this version can be fetched, for `$schema` outside a local install. */
export const CONFIG_SCHEMA_URL = `https://unpkg.com/@idvkit/cli@${VERSION}/idvkit.config.schema.json`;

/** The file name of the JSON Schema, published in the CLI package and at the repo root. */
export const CONFIG_SCHEMA_FILE = 'idvkit.config.schema.json';

/** A `${ENV}` reference, accepted wherever a string has a pattern: it is checked after interpolation. */
const ENV_REFERENCE = String.raw`\$\{[A-Za-z_][A-Za-z0-9_]*\}`;

/**
 * The JSON Schema of idvkit.config.json (draft 2020-12), from {@link configSchema}: the file as written, so
 * defaults are shown, a patterned string may instead hold a `${ENV}` reference, and the rules across keys are
 * described, not enforced.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  return allowEnvReferences(schema) as Record<string, unknown>;
}

/** Lets every patterned string value (not key: keys are not interpolated) hold a `${ENV}` reference instead. */
function allowEnvReferences(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowEnvReferences);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'propertyNames' ? value : allowEnvReferences(value);
  }
  if (out.type !== 'string') return out;
  // Editors treat "format" as an assertion and would flag "${BASE_URL}": a pattern says the same and more.
  if (out.format === 'uri') {
    delete out.format;
    out.pattern = '^https?://';
  }
  if (typeof out.pattern === 'string') out.pattern = `${out.pattern}|${ENV_REFERENCE}`;
  return out;
}

/** {@link configJsonSchema} as the committed file's text. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
