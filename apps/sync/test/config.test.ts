import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/config-error.js';
import { parseConfig } from '../src/config/load-config.js';

const example = JSON.parse(
  readFileSync(new URL('../../../idvkit.config.example.json', import.meta.url), 'utf8'),
);
const env = {
  DATABASE_URL: 'postgres://u:pw@db:5432/idv',
  IDNOW_CLIENT_ID: 'cid',
  IDNOW_CLIENT_SECRET: 'idnow-secret-value',
  YOTI_SDK_ID: 'sdk',
  YOTI_NOTIFICATION_TOKEN: 'yoti-hook-token',
  COMPLYCUBE_API_KEY: 'cc-key-value',
  VERIFA_API_KEY: 'vk_live_value',
};

describe('parseConfig', () => {
  it('accepts the documented example with $' + '{ENV} interpolation', () => {
    const c = parseConfig(example, env);
    expect(c.database).toBe('postgres://u:pw@db:5432/idv');
    expect(c.connections.map((p) => [p.name, p.concurrency, p.requestsPerSecond])).toEqual([
      ['idnow', 8, 20],
      ['yoti', 8, 20],
      ['complycube', 10, 10],
      ['verifa', 4, 4.9],
    ]);
    expect(c.secrets).toEqual(
      expect.arrayContaining(['idnow-secret-value', 'cc-key-value', 'vk_live_value', 'yoti-hook-token']),
    );
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
      'IDnow without flows',
      { providers: { idnow: { token: 't' } } },
      env,
      /config\.providers\.idnow\.flows: expected a non-empty array of flow ids, received nothing/,
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
