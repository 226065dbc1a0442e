import type { VerifaSessionInput } from '../../data/verifa.js';
import type { JsonObject, JsonValue } from '../../types.js';

/** A create body as the API understood it, or the field errors that make it a 422. */
export type ParsedCreate =
  | { ok: true; input: VerifaSessionInput; workflowId: string | null }
  | { ok: false; errors: Array<{ field: string; message: string }> };

const FIELDS = ['external_ref', 'country', 'workflow_id', 'metadata', 'redirect_url', 'fields'];

/** `externalRef` / `external-ref` → `external_ref`. */
const snake = (key: string): string =>
  key
    .replace(/-/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a `POST /api/v1/sessions` body. Verifa's docs disagree on request casing (the key-inflection page:
 * always snake_case; the sessions page: any casing, and a JSON:API `{data: {attributes}}` envelope), so every
 * casing and the envelope are accepted here; unknown keys are ignored.
 */
export function parseCreateBody(body: JsonObject): ParsedCreate {
  const envelope = isObject(body.data) && isObject(body.data.attributes) ? body.data.attributes : body;
  const given: JsonObject = {};
  for (const [key, value] of Object.entries(envelope)) {
    const name = snake(key);
    if (FIELDS.includes(name)) given[name] = value;
  }
  const errors: Array<{ field: string; message: string }> = [];
  const text = (field: string, max: number): string | undefined => {
    const v = given[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.length === 0 || v.length > max) {
      errors.push({ field, message: `must be a non-empty string of at most ${max} characters` });
      return undefined;
    }
    return v;
  };
  const object = (field: string): JsonObject | undefined => {
    const v = given[field];
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) errors.push({ field, message: 'must be an object' });
    return isObject(v) ? v : undefined;
  };
  const input: VerifaSessionInput = {};
  const externalRef = text('external_ref', 255);
  if (externalRef !== undefined) input.external_ref = externalRef;
  const country = text('country', 2);
  if (country !== undefined) {
    if (/^[A-Za-z]{2}$/.test(country)) input.country = country.toUpperCase();
    else errors.push({ field: 'country', message: 'must be an ISO 3166-1 alpha-2 code' });
  }
  const redirect = text('redirect_url', 2048);
  if (redirect !== undefined) {
    if (URL.canParse(redirect)) input.redirect_url = redirect;
    else errors.push({ field: 'redirect_url', message: 'must be an absolute URL' });
  }
  const metadata = object('metadata');
  if (metadata !== undefined) input.metadata = metadata;
  object('fields');
  const workflowId = text('workflow_id', 64) ?? null;
  return errors.length > 0 ? { ok: false, errors } : { ok: true, input, workflowId };
}
