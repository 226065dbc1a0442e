import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configJsonSchemaText } from '../src/config/json-schema.js';
import { parseConfig } from '../src/config/load-config.js';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { testSandbox } from './support/harness.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const example = JSON.parse(read('../../../idvkit.config.example.json'));

describe('idvkit.config.schema.json', () => {
  it.each([
    ['the CLI package (published)', '../idvkit.config.schema.json'],
    ['the repo root', '../../../idvkit.config.schema.json'],
  ])('in %s is the zod schema, current', (_where, path) => {
    // Stale? `pnpm --filter @idvkit/cli build && pnpm --filter @idvkit/cli schema`
    expect(read(path)).toBe(configJsonSchemaText());
  });

  it('is shipped: listed in the package files, and the example config points $schema at it', () => {
    const pkg = JSON.parse(read('../package.json')) as { files: string[] };
    expect(pkg.files).toContain('idvkit.config.schema.json');
    expect(example.$schema).toBe('./idvkit.config.schema.json');
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(configJsonSchema());

  it('accepts what the zod schema accepts: the example (with env references) and a sandbox config', async () => {
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    const sandbox = await testSandbox({ sessions: 1 });
    try {
      const json = sandboxConfig(sandbox).json;
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(parseConfig(json, {}).connections).toHaveLength(5);
    } finally {
      await sandbox.stop();
    }
  });

  const rejected: Array<[string, unknown, RegExp]> = [
    ['an unknown top-level key', { databse: 'postgres://x' }, /databse: unknown key/],
    ['a typo in a connection key', { providers: { verifa: { apikey: 'k' } } }, /apikey: unknown key/],
    ['an unknown provider', { connections: { eu: { provider: 'onfido' } } }, /eu\.provider: expected one of/],
    [
      'a bad connection name',
      { connections: { 'EU!': { provider: 'verifa', apiKey: 'k' } } },
      /EU!: expected a name/,
    ],
    [
      'concurrency out of range',
      { providers: { verifa: { apiKey: 'k', concurrency: 0 } } },
      /concurrency: expected an integer from 1 to 256/,
    ],
    [
      'a non-URL baseUrl',
      { providers: { verifa: { apiKey: 'k', baseUrl: 'api.withverifa.com' } } },
      /baseUrl: expected an absolute http\(s\) URL/,
    ],
    [
      'a Verifa version that is no date',
      { providers: { verifa: { apiKey: 'k', version: 'v2' } } },
      /version: expected an API version date/,
    ],
    [
      'IDnow flows that are neither "all" nor a list',
      { providers: { idnow: { token: 't', flows: 'some' } } },
      /flows: expected "all" or a non-empty array of flow ids, received "some"/,
    ],
    [
      'IDnow with no flows listed',
      { providers: { idnow: { token: 't', flows: [] } } },
      /flows: expected "all" or a non-empty array of flow ids, received an array of 0/,
    ],
    [
      'an IDnow flow with an unknown key',
      { providers: { idnow: { token: 't', flows: [{ flowid: 'f' }] } } },
      /flows\[0\]\.flowid: unknown key/,
    ],
    [
      'Yoti webhooks with a secret instead of authToken',
      { providers: { yoti: { sdkId: 's', privateKeyPath: 'k.pem', webhooks: { secret: 's' } } } },
      /webhooks\.secret: unknown key/,
    ],
  ];
  it.each(rejected)('rejects %s, like the CLI', (_name, json, line) => {
    expect(validate(json)).toBe(false);
    expect(() => parseConfig(json, {})).toThrow(line);
  });
});
