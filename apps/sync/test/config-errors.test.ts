import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@idvkit/db';
import { afterAll, describe, expect, it } from 'vitest';
import { describeThrown } from '../src/cli/describe-thrown.js';
import { main } from '../src/cli.js';
import { parseConfig } from '../src/config/load-config.js';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { planConnections } from '../src/engine/plan.js';
import { createLogger } from '../src/output/logger.js';
import { captureIO, testSandbox } from './support/harness.js';

const BIN = new URL('../dist/bin.js', import.meta.url).pathname;
const SANDBOX_PEM = new URL('../../../packages/sandbox/keys/yoti-sandbox-private.pem', import.meta.url)
  .pathname;
const tmp = mkdtempSync(join(tmpdir(), 'idvkit-config-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Every secret below contains SECRET: no output may.
const LOOPBACK = 'http://127.0.0.1:9';
const verifa = (extra: Record<string, unknown>) => ({
  providers: { verifa: { apiKey: 'vk_SECRET_key', baseUrl: LOOPBACK, ...extra } },
});
const idnow = (extra: Record<string, unknown>) => ({
  providers: {
    idnow: { baseUrl: LOOPBACK, tokenUrl: `${LOOPBACK}/token`, flows: [{ flowId: 'f1' }], ...extra },
  },
});
const yoti = (extra: Record<string, unknown>) => ({
  providers: { yoti: { sdkId: 'sdk-1', baseUrl: LOOPBACK, ...extra } },
});

interface Given {
  /** The config file's JSON; `$TMP` in any string becomes this case's directory. */
  config: unknown;
  /** Files to create in the case's directory first (name → content). */
  files?: Record<string, string>;
  /** Arguments after `--config <file>`. */
  argv?: string[];
}
interface Want {
  code: number;
  /** The whole stderr line after `idvkit: `: where, what was expected, what was received. */
  line: RegExp;
}

const cases: Array<[string, { given: Given; want: Want }]> = [
  [
    'a Yoti privateKeyPath that does not exist',
    {
      given: { config: yoti({ privateKeyPath: '$TMP/missing.pem' }) },
      want: {
        code: 2,
        line: /^config\.providers\.yoti\.privateKeyPath: expected a readable PEM private key file, received a path that does not exist: \/.*\/missing\.pem$/,
      },
    },
  ],
  [
    'a Yoti privateKeyPath whose file is not PEM',
    {
      given: {
        config: yoti({ privateKeyPath: '$TMP/key.pem' }),
        files: { 'key.pem': 'SECRET-key-material-that-is-not-pem\n' },
      },
      want: {
        code: 2,
        line: /^config\.providers\.yoti\.privateKeyPath: expected a PEM-encoded RSA private key .* in \/.*\/key\.pem, received text that does not parse as one/,
      },
    },
  ],
  [
    'a Yoti privateKey that is not PEM',
    {
      given: { config: yoti({ privateKey: 'SECRET-inline-key-not-pem' }) },
      want: {
        code: 2,
        line: /^config\.providers\.yoti\.privateKey: expected a PEM-encoded RSA private key .*, received text that does not parse as one/,
      },
    },
  ],
  [
    'a Verifa version that is not a date',
    {
      given: { config: verifa({ version: 'yesterday' }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.version: expected an API version date as YYYY-MM-DD \(such as 2026-01-01\), received "yesterday"$/,
      },
    },
  ],
  [
    'a Verifa version that is not a calendar date',
    {
      given: { config: verifa({ version: '2026-02-30' }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.version: expected .*YYYY-MM-DD.*, received "2026-02-30"$/,
      },
    },
  ],
  [
    'a dataDir that is a file',
    {
      given: { config: { ...verifa({}), dataDir: '$TMP/afile' }, files: { afile: 'not a directory' } },
      want: { code: 2, line: /^config\.dataDir: expected a directory, received a file: \/.*\/afile$/ },
    },
  ],
  [
    'a dataDir under a file',
    {
      given: { config: { ...verifa({}), dataDir: '$TMP/afile/pgdata' }, files: { afile: 'not a directory' } },
      want: {
        code: 2,
        line: /^config\.dataDir: expected a directory, received a path under a file: \/.*\/afile$/,
      },
    },
  ],
  [
    'a --data-dir that is a file',
    {
      given: { config: verifa({}), files: { afile: 'not a directory' }, argv: ['--data-dir', '$TMP/afile'] },
      want: { code: 2, line: /^--data-dir: expected a directory, received a file: \/.*\/afile$/ },
    },
  ],
  [
    'IDnow clientSecret together with token',
    {
      given: {
        config: idnow({ clientId: 'cid', clientSecret: 'SECRET-client-secret', token: 'SECRET-token' }),
      },
      want: {
        code: 2,
        line: /^config\.providers\.idnow: expected clientId and clientSecret, or token, received token together with clientId and clientSecret$/,
      },
    },
  ],
  [
    'IDnow clientSecret alone with token',
    {
      given: { config: idnow({ clientSecret: 'SECRET-client-secret', token: 'SECRET-token' }) },
      want: {
        code: 2,
        line: /^config\.providers\.idnow: expected clientId and clientSecret, or token, received token together with clientSecret$/,
      },
    },
  ],
  [
    'an IDnow flowId that would leave the resource path',
    {
      given: {
        config: {
          providers: {
            idnow: { ...idnow({ token: 'SECRET-token' }).providers.idnow, flows: [{ flowId: '..' }] },
          },
        },
      },
      want: {
        code: 2,
        line: /^config\.providers\.idnow\.flows\[0\]\.flowId: expected an id of 1 to 200 letters, .*, received "\.\."$/,
      },
    },
  ],
  [
    'requestsPerSecond of 1e-9',
    {
      given: { config: verifa({ requestsPerSecond: 1e-9 }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.requestsPerSecond: expected a number from 0\.01 to 1000, received number 1e-9$/,
      },
    },
  ],
  [
    'requestsPerSecond of null',
    {
      given: { config: verifa({ requestsPerSecond: null }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.requestsPerSecond: expected a number from 0\.01 to 1000, received null$/,
      },
    },
  ],
  [
    'concurrency of 1e9',
    {
      given: { config: verifa({ concurrency: 1e9 }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.concurrency: expected an integer from 1 to 256, received number 1000000000$/,
      },
    },
  ],
  [
    '--concurrency of 1e9',
    {
      given: { config: verifa({}), argv: ['--concurrency', '1000000000'] },
      want: { code: 2, line: /^--concurrency: expected an integer from 1 to 256, received "1000000000"$/ },
    },
  ],
  [
    'a baseUrl with user:pass@',
    {
      given: { config: verifa({ baseUrl: 'https://svc-SECRET-user:SECRET-pw@api.withverifa.com' }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.baseUrl: expected a URL without user:password@ \(put credentials in their own keys\), received a URL with credentials for api\.withverifa\.com$/,
      },
    },
  ],
  [
    'a tokenUrl with user:pass@',
    {
      given: { config: idnow({ token: 'SECRET-token', tokenUrl: 'http://u:SECRET-pw@127.0.0.1:9/token' }) },
      want: {
        code: 2,
        line: /^config\.providers\.idnow\.tokenUrl: expected a URL without user:password@ .*, received a URL with credentials for 127\.0\.0\.1:9$/,
      },
    },
  ],
  [
    'a baseUrl with credentials that does not parse',
    {
      given: { config: verifa({ baseUrl: 'https://u:SECRET-pw@' }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.baseUrl: expected an absolute http\(s\) URL, received text that does not parse as one$/,
      },
    },
  ],
  [
    'a plain http:// baseUrl to a remote host',
    {
      given: { config: verifa({ baseUrl: 'http://api.withverifa.com' }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.baseUrl: expected an https:\/\/ URL \(plain http:\/\/ only for localhost, 127\.0\.0\.0\/8 and ::1, or with "allowInsecureHttp": true\), received http:\/\/api\.withverifa\.com$/,
      },
    },
  ],
  [
    'a plain http:// tokenUrl to a remote host',
    {
      given: { config: idnow({ token: 'SECRET-token', tokenUrl: 'http://10.0.0.5/oidc/token' }) },
      want: {
        code: 2,
        line: /^config\.providers\.idnow\.tokenUrl: expected an https:\/\/ URL .*, received http:\/\/10\.0\.0\.5$/,
      },
    },
  ],
  [
    'allowInsecureHttp that is not a boolean',
    {
      given: { config: verifa({ allowInsecureHttp: 'yes' }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.allowInsecureHttp: expected true or false, received a string$/,
      },
    },
  ],
  [
    'a connection named like a providers entry',
    {
      given: {
        config: {
          ...verifa({}),
          connections: { verifa: { provider: 'verifa', apiKey: 'vk_SECRET_2', baseUrl: LOOPBACK } },
        },
      },
      want: {
        code: 2,
        line: /^config\.connections\.verifa: expected a connection name not used yet, received "verifa", which config\.providers\.verifa already names .*$/,
      },
    },
  ],
  [
    'a connection name that breaks the rule',
    {
      given: { config: { connections: { 'Verifa EU': { provider: 'verifa', apiKey: 'vk_SECRET_key' } } } },
      want: {
        code: 2,
        line: /^config\.connections\.Verifa EU: expected a name of lowercase letters, digits, _ and - that starts with a letter \(at most 63\), received "Verifa EU"$/,
      },
    },
  ],
  [
    'a connection without a known provider',
    {
      given: { config: { connections: { eu: { provider: 'onfido', apiKey: 'SECRET' } } } },
      want: {
        code: 2,
        line: /^config\.connections\.eu\.provider: expected one of idnow, yoti, complycube, verifa, received "onfido"$/,
      },
    },
  ],
  [
    'a schedule of four fields',
    {
      given: { config: verifa({ schedule: '*/5 * * *' }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.schedule: expected a cron schedule of 5 fields .*, received 4 field\(s\): "\*\/5 \* \* \*"$/,
      },
    },
  ],
  [
    'a schedule with an hour out of range',
    {
      given: { config: verifa({ schedule: '0 24 * * *' }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.schedule: expected a cron schedule .*; its hour field allows 0-23, received "24" in "0 24 \* \* \*"$/,
      },
    },
  ],
  [
    'webhooks without the secret of its verifier',
    {
      given: { config: verifa({ webhooks: { secret: '' } }) },
      want: {
        code: 2,
        line: /^config\.providers\.verifa\.webhooks\.secret: expected a non-empty string, received an empty string$/,
      },
    },
  ],
  [
    'an IDnow flow of another environment than its connection',
    {
      given: {
        config: {
          connections: {
            'idnow-staging': {
              provider: 'idnow',
              environment: 'staging',
              token: 'SECRET-token',
              baseUrl: LOOPBACK,
              tokenUrl: `${LOOPBACK}/token`,
              flows: ['f1', { flowId: 'f2', environment: 'live' }],
            },
          },
        },
      },
      want: {
        code: 2,
        line: /^config\.connections\.idnow-staging\.flows\[1\]\.environment: expected "staging" \(the connection's environment: .*\), received "live"$/,
      },
    },
  ],
  [
    'an unknown --connection',
    {
      given: { config: verifa({}), argv: ['--connection', 'verifa-eu'] },
      want: {
        code: 2,
        line: /^--connection: expected one of the configured connections \(verifa\), received "verifa-eu"$/,
      },
    },
  ],
  [
    'an unknown --provider',
    {
      given: { config: verifa({}), argv: ['--provider', 'idnow'] },
      want: {
        code: 2,
        line: /^--provider: expected one of the configured providers \(verifa\), received "idnow"$/,
      },
    },
  ],
];

const withTmp = (value: unknown, dir: string): unknown =>
  JSON.parse(JSON.stringify(value).replaceAll('$TMP', dir));

describe('config problems: exit 2, one line saying where, what was expected and what was received; nothing written', () => {
  it.each(cases)('%s', async (name, { given, want }) => {
    const dir = join(tmp, name.replace(/\W+/g, '-'));
    mkdirSync(dir);
    for (const [file, content] of Object.entries(given.files ?? {})) writeFileSync(join(dir, file), content);
    const json = withTmp(given.config, dir) as Record<string, unknown>;
    const dataDir = (json.dataDir as string | undefined) ?? join(dir, 'pgdata');
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ dataDir, ...json }));
    const before = readdirSync(dir).sort();

    const cap = captureIO({});
    const argv = withTmp(given.argv ?? [], dir) as string[];
    const code = await main(['--config', configFile, 'sync', ...argv], cap.io);

    expect(code).toBe(want.code);
    const stderr = cap.stderr();
    expect(stderr).toMatch(/^idvkit: [^\n]+\n$/);
    const line = stderr.slice('idvkit: '.length, -1);
    expect(line).toMatch(want.line);
    expect(line).toMatch(/expected .+, received /);
    expect(stderr).not.toMatch(/SECRET|object Object/);
    expect(cap.stdout()).toBe('');
    // Nothing written: no data directory, no lock file, no other new file; a file in its place is untouched.
    expect(readdirSync(dir).sort()).toEqual(before);
    if (!given.files?.afile) expect(existsSync(dataDir)).toBe(false);
    for (const [file, content] of Object.entries(given.files ?? {})) {
      expect(readFileSync(join(dir, file), 'utf8')).toBe(content);
    }
  });
});

describe('configs that must still pass', () => {
  const log = createLogger({ write: () => undefined, level: 'error', secrets: [] });
  const accepted: Array<[string, { given: unknown }]> = [
    ['http:// to localhost', { given: verifa({ baseUrl: 'http://localhost:8080/verifa' }) }],
    ['http:// to 127.0.0.0/8', { given: verifa({ baseUrl: 'http://127.1.2.3:8080' }) }],
    ['http:// to ::1', { given: verifa({ baseUrl: 'http://[::1]:8080' }) }],
    [
      'http:// to a remote host with allowInsecureHttp',
      { given: verifa({ baseUrl: 'http://verifa.internal', allowInsecureHttp: true }) },
    ],
    [
      'IDnow with a token only',
      { given: idnow({ token: 't', tokenUrl: 'http://verifa.internal/t', allowInsecureHttp: true }) },
    ],
    ['the range bounds', { given: verifa({ requestsPerSecond: 0.01, concurrency: 256 }) }],
    ['the other range bounds', { given: verifa({ requestsPerSecond: 1000, concurrency: 1 }) }],
    ['a Yoti privateKeyPath to a PEM key', { given: yoti({ privateKeyPath: SANDBOX_PEM }) }],
    ['a Verifa version date', { given: verifa({ version: '2024-02-29' }) }],
    [
      'a schedule and webhooks',
      { given: verifa({ schedule: '*/15 0-6,22 1 */2 0', webhooks: { secret: 'whsec' } }) },
    ],
    [
      'a connection with IDnow flow ids, its environment and a JWKS',
      {
        given: {
          connections: {
            'idnow-staging': {
              ...idnow({ token: 't' }).providers.idnow,
              provider: 'idnow',
              environment: 'staging',
              flows: ['f1', { flowId: 'f2', environment: 'staging' }],
              webhooks: { jwksUrl: `${LOOPBACK}/jwks`, issuer: 'https://idnow.io' },
            },
          },
        },
      },
    ],
  ];
  it.each(accepted)('%s', (_name, { given }) => {
    const config = parseConfig(given, {});
    expect(planConnections(config.connections, { log })).toHaveLength(1);
  });

  it('the sandbox and demo config (loopback http://, inline PEM) parses and plans', async () => {
    const sandbox = await testSandbox({ sessions: 1 });
    try {
      const config = parseConfig(sandboxConfig(sandbox).json, {});
      expect(planConnections(config.connections, { log }).map((p) => [p.name, p.provider])).toEqual([
        ['yoti', 'yoti'],
        ['complycube', 'complycube'],
        ['verifa', 'verifa'],
        ['idnow-live', 'idnow'],
        ['idnow-staging', 'idnow'],
      ]);
    } finally {
      await sandbox.stop();
    }
  });
});

describe('never [object Object]', () => {
  it('a PGlite directory holding a file where PGlite expects a directory: one line naming the directory', async () => {
    const dataDir = join(tmp, 'broken-pgdata');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'global'), 'a file where PGlite expects a directory');
    const cap = captureIO({});
    const code = await main(['--data-dir', dataDir, 'runs'], cap.io);
    expect(code).toBe(1);
    expect(cap.stderr()).toMatch(/^idvkit: could not open the embedded database at \/.*broken-pgdata: .+\n$/);
    expect(cap.stderr()).not.toContain('[object Object]');
  });

  const thrown: Array<[string, { given: unknown; want: string }]> = [
    ['an Error', { given: new Error('boom'), want: 'boom' }],
    ['a string', { given: 'boom', want: 'boom' }],
    [
      "PGlite's ErrnoError",
      { given: { name: 'ErrnoError', errno: 54 }, want: 'unexpected ErrnoError (code 54) thrown' },
    ],
    ['an object with a message', { given: { message: 'boom' }, want: 'boom' }],
    ['a plain object', { given: {}, want: 'unexpected Object thrown' }],
    ['null', { given: null, want: 'unexpected null thrown' }],
    ['undefined', { given: undefined, want: 'unexpected undefined thrown' }],
    ['a number', { given: 42, want: 'unexpected number thrown: 42' }],
  ];
  it.each(thrown)('describes %s', (_name, { given, want }) => {
    expect(describeThrown(given)).toBe(want);
  });
});

/** Runs the built CLI in a child process. */
function runBin(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('exit codes of the real process', () => {
  it('a missing Yoti key file exits 2 with one line and writes nothing', async () => {
    const dir = join(tmp, 'child-yoti');
    mkdirSync(dir);
    const configFile = join(dir, 'config.json');
    const dataDir = join(dir, 'pgdata');
    writeFileSync(
      configFile,
      JSON.stringify({ dataDir, ...yoti({ privateKeyPath: join(dir, 'missing.pem') }) }),
    );
    const r = await runBin(['--config', configFile, 'sync']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^idvkit: config\.providers\.yoti\.privateKeyPath: expected a readable PEM private key file, received a path that does not exist: .*missing\.pem\n$/,
    );
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  it('a busy PGlite directory exits 75 (EX_TEMPFAIL), named in --help', async () => {
    const dataDir = join(tmp, 'busy-pgdata');
    const held = await openDatabase({ dataDir });
    try {
      const r = await runBin(['runs', '--data-dir', dataDir]);
      expect(r.code).toBe(75);
      expect(r.stderr).toMatch(
        new RegExp(
          `^idvkit: the embedded database at .*busy-pgdata is in use by process ${process.pid} .*\\n$`,
        ),
      );
    } finally {
      await held.close();
    }
    const help = captureIO();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.stdout()).toMatch(
      /Exit codes:[\s\S]*\n {2}75 {2}the embedded database is in use by another process/,
    );
  });
});
