import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { Provider } from '../../src/index.js';

type Json = Record<string, any>;

const specPath = (provider: Provider) =>
  fileURLToPath(new URL(`../../../../specs/${provider}.yaml`, import.meta.url));

/** Loads specs/*.yaml and validates response bodies against the response schemas they declare. */
export class SpecValidator {
  private readonly ajv: Ajv2020;
  private readonly docs = new Map<Provider, Json>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; OpenAPI-only keywords (example, discriminator, xml…)
    // are ignored rather than rejected.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    // ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
      addFormatsModule) as (ajv: Ajv2020) => void;
    addFormats(this.ajv);
    for (const provider of ['idnow', 'yoti', 'complycube', 'verifa'] as const) {
      const doc = parse(readFileSync(specPath(provider), 'utf8')) as Json;
      this.docs.set(provider, doc);
      this.ajv.addSchema({
        $id: `https://spec.test/${provider}`,
        components: doc.components,
        paths: doc.paths,
        webhooks: doc.webhooks,
      });
    }
  }

  /** The operation object with this operationId. */
  private operation(provider: Provider, operationId: string): { pointer: string; op: Json } {
    const doc = this.docs.get(provider) as Json;
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        if ((op as Json)?.operationId === operationId) {
          return { pointer: `/paths/${escapePointer(path)}/${method}`, op: op as Json };
        }
      }
    }
    throw new Error(`${provider}: no operation ${operationId}`);
  }

  /** JSON pointer of the JSON schema of `operationId`'s `status` response, or null if it has no JSON body. */
  responseSchemaPointer(provider: Provider, operationId: string, status: number): string | null {
    const doc = this.docs.get(provider) as Json;
    const { pointer, op } = this.operation(provider, operationId);
    const key = op.responses[String(status)] ? String(status) : op.responses.default ? 'default' : null;
    if (!key) throw new Error(`${provider}.${operationId}: status ${status} is not declared`);
    let response = op.responses[key] as Json;
    let base = `${pointer}/responses/${key}`;
    while (response.$ref) {
      base = (response.$ref as string).slice(1);
      response = resolve(doc, base);
    }
    const content = response.content as Json | undefined;
    if (!content) return null;
    const mediaType = Object.keys(content).find((m) => m.includes('json'));
    return mediaType ? `${base}/content/${escapePointer(mediaType)}/schema` : null;
  }

  /** Validates `body` against the schema at `pointer` (e.g. `/components/schemas/Session`). */
  validate(provider: Provider, pointer: string, body: unknown): string[] {
    const ref = `https://spec.test/${provider}#${pointer}`;
    const fn = this.compiled.get(ref) ?? this.ajv.compile({ $ref: ref });
    this.compiled.set(ref, fn);
    return fn(body)
      ? []
      : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }

  /** Validates a response body against what the spec declares for this operation and status. */
  validateResponse(provider: Provider, operationId: string, status: number, body: unknown): string[] {
    const pointer = this.responseSchemaPointer(provider, operationId, status);
    if (pointer === null) return body === undefined || body === null ? [] : ['spec declares no JSON body'];
    return this.validate(provider, pointer, body);
  }

  /** Whether the spec declares `status` (or a default) for the operation. */
  declares(provider: Provider, operationId: string, status: number): boolean {
    const { op } = this.operation(provider, operationId);
    return Boolean(op.responses[String(status)] ?? op.responses.default);
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function resolve(doc: Json, pointer: string): Json {
  return pointer
    .split('/')
    .slice(1)
    .reduce((node: Json, part) => node[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}
