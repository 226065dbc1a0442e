import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/config-error.js';
import { listConnections, parseConfig } from '../src/config/load-config.js';

const example = JSON.parse(
  readFileSync(new URL('../../../idvkit.config.example.json', import.meta.url), 'utf8'),
);
const env = {
  DATABASE_URL: 'postgres://u:pw@db:5432/idv',
  IDNOW_CLIENT_ID: 'cid',
  IDNOW_CLIENT_SECRET: 'idnow-secret-value',
  IDNOW_LIVE_CLIENT_ID: 'cid-live',
  IDNOW_LIVE_CLIENT_SECRET: 'idnow-live-secret-value',
  IDNOW_STAGING_CLIENT_ID: 'cid-staging',
  IDNOW_STAGING_CLIENT_SECRET: 'idnow-staging-secret-value',
  YOTI_SDK_ID: 'sdk',
  YOTI_NOTIFICATION_TOKEN: 'yoti-hook-token',
  COMPLYCUBE_API_KEY: 'cc-key-value',
  VERIFA_API_KEY: 'vk_live_value',
  VERIFA_EU_API_KEY: 'vk_eu_value',
  VERIFA_EU_WEBHOOK_SECRET: 'verifa-whsec-value',
};

describe('parseConfig', () => {
  it('accepts the documented example with $' + '{ENV} interpolation', () => {
    const c = parseConfig(example, env);
    expect(c.database).toBe('postgres://u:pw@db:5432/idv');
    expect(c.connections.map((p) => [p.name, p.provider, p.concurrency, p.requestsPerSecond])).toEqual([
      ['yoti', 'yoti', 8, 20],
      ['complycube', 'complycube', 10, 10],
      ['idnow-live', 'idnow', 8, 20],
      ['idnow-staging', 'idnow', 8, 20],
      ['verifa-eu', 'verifa', 4, 4.9],
    ]);
    expect(c.connections.map((p) => [p.name, p.schedule, p.webhooks?.kind ?? null])).toEqual([
      ['yoti', null, 'authToken'],
      ['complycube', null, null],
      ['idnow-live', '*/15 * * * *', 'jwks'],
      ['idnow-staging', '0 * * * *', null],
      ['verifa-eu', null, 'secret'],
    ]);
    expect(c.connections.find((p) => p.name === 'idnow-staging')?.config).toMatchObject({
      environment: 'staging',
      clientId: 'cid-staging',
      flows: [{ flowId: '0197c55f-5af6-7e3d-af9b-f2359b154be8', environment: 'staging' }],
    });
    expect(c.secrets).toEqual(
      expect.arrayContaining([
        'idnow-live-secret-value',
        'idnow-staging-secret-value',
        'cc-key-value',
        'vk_eu_value',
        'verifa-whsec-value',
        'yoti-hook-token',
      ]),
    );
  });

  it('reads the providers shorthand as one connection per provider, named after it', () => {
    const c = parseConfig(
      {
        providers: {
          idnow: {
            token: 't',
            flows: [
              { flowId: 'f1', environment: 'live' },
              { flowId: 'f1', environment: 'staging' },
            ],
          },
          verifa: { apiKey: 'k' },
        },
      },
      env,
    );
    expect(c.connections.map((p) => [p.name, p.provider, p.path])).toEqual([
      ['idnow', 'idnow', 'config.providers.idnow'],
      ['verifa', 'verifa', 'config.providers.verifa'],
    ]);
    // A shorthand keeps the per-flow environments of configs written before connections.
    expect(c.connections[0]!.config).toMatchObject({
      flows: [
        { flowId: 'f1', environment: 'live' },
        { flowId: 'f1', environment: 'staging' },
      ],
    });
  });

  it('selects connections by name and by provider', () => {
    const c = parseConfig(
      {
        providers: { verifa: { apiKey: 'k' } },
        connections: {
          'verifa-us': { provider: 'verifa', apiKey: 'k2' },
          cc_sandbox: { provider: 'complycube', apiKey: 'k3' },
        },
      },
      env,
    );
    const names = (sel: Parameters<typeof listConnections>[1]) => listConnections(c, sel).map((x) => x.name);
    expect(names({})).toEqual(['verifa', 'verifa-us', 'cc_sandbox']);
    expect(names({ providers: ['verifa'] })).toEqual(['verifa', 'verifa-us']);
    expect(names({ connections: ['cc_sandbox'] })).toEqual(['cc_sandbox']);
    expect(names({ connections: ['cc_sandbox'], providers: ['verifa'] })).toEqual([
      'verifa',
      'verifa-us',
      'cc_sandbox',
    ]);
    expect(() => names({ connections: ['verifa-eu'] })).toThrow(
      /^--connection: expected one of the configured connections \(verifa, verifa-us, cc_sandbox\), received "verifa-eu"$/,
    );
  });

  it('reads IDnow flows as "all" when absent or said, in the connection\'s environment (live when absent)', () => {
    const c = parseConfig(
      {
        providers: { idnow: { token: 't' } },
        connections: {
          'idnow-staging': { provider: 'idnow', token: 't', environment: 'staging', flows: 'all' },
          'idnow-listed': { provider: 'idnow', token: 't', flows: ['f1'] },
        },
      },
      env,
    );
    expect(c.connections.map((p) => [p.name, p.config])).toEqual([
      ['idnow', expect.objectContaining({ flows: 'all', environment: 'live' })],
      ['idnow-staging', expect.objectContaining({ flows: 'all', environment: 'staging' })],
      ['idnow-listed', expect.objectContaining({ flows: [{ flowId: 'f1', environment: 'live' }] })],
    ]);
    expect(c.connections[2]!.config).not.toHaveProperty('environment');
  });

  it('caps response bodies at 32 MiB unless a provider says otherwise', () => {
    const c = parseConfig(
      { providers: { verifa: { apiKey: 'k', maxResponseBytes: 65_536 }, complycube: { apiKey: 'k' } } },
      env,
    );
    expect(c.connections.map((p) => [p.name, p.maxResponseBytes])).toEqual([
      ['verifa', 65_536],
      ['complycube', 33_554_432],
    ]);
  });

  const bad: Array<[string, unknown, Record<string, string>, RegExp]> = [
    [
      'a missing env var',
      example,
      { ...env, COMPLYCUBE_API_KEY: '' },
      /environment variable COMPLYCUBE_API_KEY to be set/,
    ],
    [
      'an unknown provider',
      { providers: { onfido: {} } },
      env,
      /config\.providers\.onfido: unknown provider \(expected one of idnow, yoti, complycube, verifa\)/,
    ],
    [
      'a typo in a key',
      { providers: { verifa: { apiKey: 'k', apikey: 'k' } } },
      env,
      /config\.providers\.verifa\.apikey: unknown key/,
    ],
    [
      'a bad URL',
      { providers: { verifa: { apiKey: 'k', baseUrl: 'api.withverifa.com' } } },
      env,
      /config\.providers\.verifa\.baseUrl: expected an absolute http\(s\) URL/,
    ],
    [
      'IDnow without credentials',
      { providers: { idnow: { flows: [{ flowId: 'f' }] } } },
      env,
      /expected clientId and clientSecret, or token, received neither/,
    ],
    [
      'IDnow flows that are neither "all" nor a list',
      { providers: { idnow: { token: 't', flows: 'ALL' } } },
      env,
      /^config\.providers\.idnow\.flows: expected "all" or a non-empty array of flow ids, received "ALL"$/,
    ],
    [
      'IDnow with an empty flow list',
      { providers: { idnow: { token: 't', flows: [] } } },
      env,
      /^config\.providers\.idnow\.flows: expected "all" or a non-empty array of flow ids, received an array of 0$/,
    ],
    [
      'a bad environment',
      { providers: { idnow: { token: 't', flows: [{ flowId: 'f', environment: 'prod' }] } } },
      env,
      /environment: expected one of live, staging, received "prod"/,
    ],
    [
      'Yoti with two keys',
      { providers: { yoti: { sdkId: 's', privateKey: 'a', privateKeyPath: 'b' } } },
      env,
      /exactly one of privateKeyPath and privateKey, received both/,
    ],
    [
      'a negative concurrency',
      { providers: { verifa: { apiKey: 'k', concurrency: -1 } } },
      env,
      /concurrency: expected an integer from 1 to 256, received number -1/,
    ],
    [
      'a maxResponseBytes that is not a whole number of bytes',
      { providers: { verifa: { apiKey: 'k', maxResponseBytes: 1.5e6 + 0.5 } } },
      env,
      /config\.providers\.verifa\.maxResponseBytes: expected an integer from 1024 to 1073741824, received number 1500000\.5/,
    ],
    [
      'a maxResponseBytes of 0',
      { providers: { verifa: { apiKey: 'k', maxResponseBytes: 0 } } },
      env,
      /maxResponseBytes: expected an integer from 1024 to 1073741824, received number 0/,
    ],
    ['a non-postgres database', { database: 'mysql://x' }, env, /config\.database: expected a postgres:\/\//],
    [
      'a bad raw mode',
      { raw: 'everything' },
      env,
      /config\.raw: expected one of minimal, full, none, received "everything"/,
    ],
  ];
  it.each(bad)('rejects %s with one clear line', (_name, json, e, message) => {
    let err: unknown;
    try {
      parseConfig(json, e);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
    for (const secret of Object.values(env)) expect((err as Error).message).not.toContain(secret);
  });
});
