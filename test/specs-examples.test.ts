/**
 * Every `example` / `examples` value in specs/*.yaml (on schemas, media types, parameters and headers) must
 * validate against its schema. OpenAPI 3.1 schemas are JSON Schema 2020-12, so Ajv 2020 validates them, with
 * `$ref`s resolved inside the spec and OpenAPI-only keywords registered as annotations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

/** One example and the JSON pointer of the schema it must satisfy. */
interface ExampleCase {
  where: string;
  schemaPointer: string;
  value: unknown;
}

const SPEC_DIR = new URL('../specs/', import.meta.url);
/** OpenAPI keywords that may sit inside a schema but are not JSON Schema validation keywords. */
const OPENAPI_SCHEMA_KEYWORDS = ['discriminator', 'xml', 'externalDocs', 'example'];
/** Keywords whose value is one subschema / a map of subschemas / a list of subschemas. */
const SUBSCHEMA = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');
const child = (pointer: string, segment: string | number) => `${pointer}/${escapePointer(String(segment))}`;

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`only local $refs are supported, found ${ref}`);
  let node = doc;
  for (const raw of ref === '#' ? [] : ref.slice(2).split('/')) {
    const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** Follows `$ref` chains (Example Objects may be `$ref`s to components.examples). */
function deref(doc: unknown, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${current.$ref}`);
    current = resolvePointer(doc, current.$ref);
  }
  return current;
}

function walkSchema(schema: unknown, pointer: string, out: ExampleCase[]): void {
  if (!isObject(schema)) return;
  if ('example' in schema)
    out.push({ where: child(pointer, 'example'), schemaPointer: pointer, value: schema.example });
  if (Array.isArray(schema.examples)) {
    schema.examples.forEach((value, i) => {
      out.push({ where: child(child(pointer, 'examples'), i), schemaPointer: pointer, value });
    });
  }
  for (const key of SUBSCHEMA) walkSchema(schema[key], child(pointer, key), out);
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key];
    if (isObject(map))
      for (const [name, sub] of Object.entries(map)) walkSchema(sub, child(child(pointer, key), name), out);
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const [i, sub] of list.entries()) walkSchema(sub, child(child(pointer, key), i), out);
  }
}

/**
 * Walks the non-schema part of the document. Any object with a `schema` (parameter, header, media type) has its
 * `example` / `examples` (a map of Example Objects) checked against that schema. Example values are never
 * walked into: they are data.
 */
function walkOpenApi(doc: Json, node: unknown, pointer: string, out: ExampleCase[]): void {
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) walkOpenApi(doc, v, child(pointer, i), out);
    return;
  }
  if (!isObject(node)) return;
  if (isObject(node.schema)) {
    const schemaPointer = child(pointer, 'schema');
    walkSchema(node.schema, schemaPointer, out);
    if ('example' in node) out.push({ where: child(pointer, 'example'), schemaPointer, value: node.example });
    if (isObject(node.examples)) {
      for (const [name, example] of Object.entries(node.examples)) {
        const resolved = deref(doc, example);
        // externalValue examples live outside the spec; nothing to validate here.
        if (isObject(resolved) && 'value' in resolved) {
          out.push({ where: child(child(pointer, 'examples'), name), schemaPointer, value: resolved.value });
        }
      }
    }
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'schema' || key === 'example' || key === 'examples') continue;
    walkOpenApi(doc, value, child(pointer, key), out);
  }
}

/** Every example in an OpenAPI document, with the schema it must satisfy. */
function collectExamples(doc: Json): ExampleCase[] {
  const out: ExampleCase[] = [];
  const components = isObject(doc.components) ? doc.components : {};
  for (const [section, entries] of Object.entries(components)) {
    if (!isObject(entries) || section === 'examples') continue;
    for (const [name, entry] of Object.entries(entries)) {
      const pointer = child(child('#/components', section), name).slice(1);
      if (section === 'schemas') walkSchema(entry, pointer, out);
      else walkOpenApi(doc, entry, pointer, out);
    }
  }
  for (const section of ['paths', 'webhooks']) walkOpenApi(doc, doc[section], `/${section}`, out);
  return out;
}

function collectKeys(node: unknown, keys: Set<string>, formats: Set<string>): void {
  if (Array.isArray(node)) for (const v of node) collectKeys(v, keys, formats);
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('x-')) keys.add(k);
      if (k === 'format' && typeof v === 'string') formats.add(v);
      collectKeys(v, keys, formats);
    }
  }
}

/** Validates every example of `doc`; returns how many were checked and a readable line per failure. */
function validateExamples(doc: Json, name: string): { checked: number; failures: string[] } {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  const addFormats = (ajvFormats as unknown as { default: (a: Ajv2020) => Ajv2020 }).default;
  addFormats(ajv);
  // The spec is registered as one schema whose root holds components/paths/webhooks, so `#/components/...`
  // refs resolve. Those containers and OpenAPI-only schema keywords are annotations without validation.
  ajv.addVocabulary(['components', 'paths', 'webhooks', ...OPENAPI_SCHEMA_KEYWORDS]);
  const extensionKeys = new Set<string>();
  const formats = new Set<string>();
  collectKeys(doc, extensionKeys, formats);
  for (const key of extensionKeys) ajv.addKeyword(key);
  // OpenAPI's `format` is open-ended: formats Ajv does not know are annotations, as the spec allows.
  for (const format of formats) if (!ajv.formats[format]) ajv.addFormat(format, true);

  const id = `https://specs.idvkit.invalid/${name}`;
  ajv.addSchema({
    $id: id,
    components: doc.components ?? {},
    paths: doc.paths ?? {},
    webhooks: doc.webhooks ?? {},
  });

  const failures: string[] = [];
  const cases = collectExamples(doc);
  for (const c of cases) {
    const fragment = c.schemaPointer.split('/').map(encodeURIComponent).join('/');
    let validate: ReturnType<typeof ajv.getSchema>;
    try {
      validate = ajv.getSchema(`${id}#${fragment}`);
    } catch (err) {
      failures.push(
        `${name} ${c.where}: schema ${c.schemaPointer} does not compile: ${(err as Error).message}`,
      );
      continue;
    }
    if (!validate) {
      failures.push(`${name} ${c.where}: schema ${c.schemaPointer} not found`);
    } else if (!validate(c.value)) {
      failures.push(`${name} ${c.where}: ${describeErrors(validate.errors)}`);
    }
  }
  return { checked: cases.length, failures };
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ');
}

const specFiles = readdirSync(SPEC_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('spec examples', () => {
  it('finds the provider specs', () => {
    expect(specFiles).toEqual(expect.arrayContaining(['complycube.yaml', 'verifa.yaml']));
  });

  it.each(specFiles)('%s: every example validates against its schema', (file) => {
    const doc = parse(readFileSync(new URL(file, SPEC_DIR), 'utf8')) as Json;
    const { checked, failures } = validateExamples(doc, file);
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it.each(specFiles)('%s: every webhook payload has examples, and they are validated', (file) => {
    const doc = parse(readFileSync(new URL(file, SPEC_DIR), 'utf8')) as Json;
    const webhooks = isObject(doc.webhooks) ? Object.keys(doc.webhooks) : [];
    // Every provider documents webhooks (Yoti calls them notifications).
    expect(webhooks.length).toBeGreaterThan(0);
    const cases = collectExamples(doc);
    for (const name of webhooks) {
      const prefix = `/webhooks/${escapePointer(name)}/`;
      const bodies = cases.filter((c) => c.where.startsWith(prefix) && c.where.includes('/requestBody/'));
      expect(bodies.length, `${file}: webhook ${name} has no request-body example`).toBeGreaterThan(0);
    }
  });

  it('reports a bad webhook payload example', () => {
    const doc: Json = {
      openapi: '3.1.0',
      webhooks: {
        event: {
          post: {
            requestBody: {
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/Event' },
                  examples: { ok: { value: { id: 'e1' } }, bad: { value: { type: 'x' } } },
                },
              },
            },
          },
        },
      },
      components: {
        schemas: { Event: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
      },
    };
    const { checked, failures } = validateExamples(doc, 'synthetic');
    expect(checked).toBe(2);
    expect(failures).toEqual([
      "synthetic /webhooks/event/post/requestBody/content/application~1json/examples/bad: (root) must have required property 'id'",
    ]);
  });

  it('reports bad examples on schemas, parameters and $ref-ed media-type examples', () => {
    const doc: Json = {
      openapi: '3.1.0',
      paths: {
        '/things/{id}': {
          get: {
            parameters: [{ name: 'id', in: 'path', schema: { type: 'integer' }, example: 'not-an-int' }],
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: { $ref: '#/components/schemas/Thing' },
                    examples: {
                      ok: { value: { id: 'a', at: '2025-01-01T00:00:00Z' } },
                      bad: { $ref: '#/components/examples/Bad' },
                    },
                  },
                },
              },
            },
          },
        },
      },
      components: {
        examples: { Bad: { value: { id: 'a', at: 'yesterday' } } },
        schemas: {
          Thing: {
            type: 'object',
            required: ['id'],
            discriminator: { propertyName: 'id' },
            properties: {
              id: { type: 'string', examples: ['a', 7] },
              at: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
    };
    const { checked, failures } = validateExamples(doc, 'synthetic');
    expect(checked).toBe(5);
    expect(failures).toHaveLength(3);
    expect(failures.join('\n')).toContain('/components/schemas/Thing/properties/id/examples/1');
    expect(failures.join('\n')).toContain('/paths/~1things~1{id}/get/parameters/0/example');
    expect(failures.join('\n')).toMatch(/examples\/bad: \/at must match format "date-time"/);
  });
});
