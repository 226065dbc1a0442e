/**
 * Publishing check for the client packages: pack them (and @idvkit/http) as they would be published, install
 * the tarballs into a fresh npm project (openapi-fetch comes from the registry), type-check a small consumer
 * with the repo's TypeScript, import them at runtime, `require()` them from a CommonJS consumer (Node >= 20.19
 * loads ESM through require(esm)), and run publint on each tarball.
 * Needs `dist/` (the root `pnpm test` builds first) and network access to the npm registry.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanEnv, type PackResult, packWorkspace, ROOT, run } from './support/pack.js';
import { snippetModule, tsBlocks } from './support/readme-snippets.js';

const CLIENTS = ['idnow', 'yoti', 'complycube', 'verifa'] as const;
const PACKAGES = ['http', ...CLIENTS] as const;
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/** A consumer: factories, a typed `for await` over each paginator, typed field access. Must compile cleanly. */
const USAGE = `
import {
  type ComplyCubeWebhookEvent,
  createComplyCubeClient,
  verifyWebhook as verifyComplyCube,
  type WorkflowSession,
} from '@idvkit/complycube';
import { NotFoundError, type WebhookFailureReason, WebhookVerificationError } from '@idvkit/http';
import { createIdnowClient, IDNOW_JWKS_URLS, type IdnowWebhookEvent, verifyWebhook as verifyIdnow } from '@idvkit/idnow';
import { createVerifaClient, type Session, verifyWebhook as verifyVerifa } from '@idvkit/verifa';
import {
  createYotiClient,
  verifyWebhook as verifyYoti,
  WebhookVerificationError as YotiWebhookError,
} from '@idvkit/yoti';

export async function main(): Promise<string[]> {
  const seen: string[] = [];
  const complycube = createComplyCubeClient({ apiKey: 'test_key', maxRetries: 1 });
  for await (const session of complycube.listWorkflowSessions({ pageSize: 100 })) {
    const s: WorkflowSession = session;
    const status: string = s.status;
    const outcome: string | undefined = s.outcome;
    seen.push(s.id, status, outcome ?? '', s.allRelatedChecks?.[0]?.checkId ?? '');
    // @ts-expect-error WorkflowSession has no sessionStatus
    seen.push(s.sessionStatus);
  }
  const check = await complycube.getCheck('chk_1');
  seen.push(check.result?.outcome ?? '');

  const verifa = createVerifaClient({ apiKey: 'vk_sandbox_x', version: '2026-01-01' });
  for await (const session of verifa.listSessions({ limit: 50 })) {
    const s: Session = session;
    const updated: string | null | undefined = s.updated_at;
    seen.push(s.id, s.status, updated ?? '');
    // @ts-expect-error the spec is snake_case: there is no updatedAt
    seen.push(s.updatedAt);
  }
  const run = await verifa.getWorkflowRun('ses_1');
  seen.push(run.final_status ?? 'none');

  const idnow = createIdnowClient({ clientId: 'id', clientSecret: 'secret' });
  for await (const item of idnow.listSessions({ flowId: 'flow', environment: 'live' })) {
    const sessionId: string = item.sessionId;
    seen.push(sessionId, item.sessionStatus);
    // @ts-expect-error list items have no session_id
    seen.push(item.session_id);
  }

  const yoti = createYotiClient({ sdkId: 'sdk', privateKey: '-----BEGIN PRIVATE KEY-----' });
  const yotiSession = await yoti.getSession('sess');
  const state: string = yotiSession.state;
  seen.push(state);

  try {
    await complycube.getWorkflowSession('missing');
  } catch (err) {
    if (err instanceof NotFoundError) seen.push(String(err.status), err.operation);
  }
  return seen;
}

/** Each client's webhook verifier resolves to its typed event; the error class is shared. */
export async function webhooks(body: string, headers: Record<string, string | string[] | undefined>) {
  const cc: ComplyCubeWebhookEvent = await verifyComplyCube({ body, headers }, { secret: 's' });
  const vf = await verifyVerifa({ body, headers }, { secret: 's', toleranceSeconds: 300, allowLegacy: false });
  const id: IdnowWebhookEvent = await verifyIdnow({ body, headers }, { jwksUrl: IDNOW_JWKS_URLS.sandbox });
  const yt = await verifyYoti({ body, headers }, { authToken: 't' });
  const reason: WebhookFailureReason | undefined = undefined;
  const same: boolean = YotiWebhookError === WebhookVerificationError;
  return [cc.type, vf.event, id.eventId, yt.session_id, reason, same];
}
`;

/** Must NOT compile: proves the type-check sees real types, not \`any\`. */
const WRONG = `
import { createVerifaClient } from '@idvkit/verifa';

export async function wrong(): Promise<string> {
  const session = await createVerifaClient({ apiKey: 'vk_sandbox_x' }).getSession('ses_1');
  return session.createdAt;
}
`;

/** A CommonJS TypeScript consumer (`.cts`, NodeNext): TypeScript >= 5.8 models require(esm), so this compiles. */
const USAGE_CTS = `
import { PathParameterError } from '@idvkit/http';
import { createVerifaClient, verifyWebhook } from '@idvkit/verifa';

export const client = createVerifaClient({ apiKey: 'vk_sandbox_x' });
export const verify: typeof verifyWebhook = verifyWebhook;
export const isPathError = (err: unknown): boolean => err instanceof PathParameterError;
`;

/**
 * A CommonJS consumer, run as `node require.cjs`: every package loads through `require()` (Node's require(esm):
 * the exports map must offer a condition `require` matches, and no module in the graph, jose and openapi-fetch
 * included, may use top-level await). Prints the type of each named export it needs.
 */
const REQUIRE_CJS = `'use strict';
const wanted = {
  '@idvkit/http': ['createHttpFetch', 'createOpenApiClient', 'PathParameterError', 'WebhookVerificationError'],
  '@idvkit/idnow': ['createIdnowClient', 'verifyWebhook', 'PathParameterError', 'WebhookVerificationError'],
  '@idvkit/yoti': ['createYotiClient', 'verifyWebhook', 'PathParameterError', 'WebhookVerificationError'],
  '@idvkit/complycube': ['createComplyCubeClient', 'verifyWebhook', 'PathParameterError', 'WebhookVerificationError'],
  '@idvkit/verifa': ['createVerifaClient', 'verifyWebhook', 'PathParameterError', 'WebhookVerificationError'],
};
const out = {};
for (const [pkg, names] of Object.entries(wanted)) {
  const mod = require(pkg);
  out[pkg] = Object.fromEntries(names.map((n) => [n, typeof mod[n]]));
}
out.sameErrorClass = require('@idvkit/verifa').WebhookVerificationError === require('@idvkit/http').WebhookVerificationError;
out.resolved = require.resolve('@idvkit/verifa');
console.log(JSON.stringify(out));
`;

let work = '';
let packed = new Map<string, PackResult>();

beforeAll(async () => {
  assertBuilt(PACKAGES.map((p) => `packages/${p}`));
  work = await mkdtemp(join(tmpdir(), 'idvkit-pack-'));
  packed = await packWorkspace(
    PACKAGES.map((p) => `@idvkit/${p}`),
    join(work, 'tarballs'),
  );

  const project = join(work, 'project');
  await mkdir(project);
  const dependencies = Object.fromEntries(PACKAGES.map((p) => [`@idvkit/${p}`, `file:${tarball(p)}`]));
  const manifest = {
    name: 'idvkit-pack-consumer',
    private: true,
    type: 'module',
    dependencies,
    // The clients depend on @idvkit/http@^0.1.0: take it from the tarball, never from the registry.
    overrides: { '@idvkit/http': '$@idvkit/http' },
  };
  await writeFile(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(project, 'usage.ts'), USAGE);
  await writeFile(join(project, 'wrong.ts'), WRONG);
  await writeFile(join(project, 'require.cjs'), REQUIRE_CJS);
  await writeFile(join(project, 'usage-cjs.cts'), USAGE_CTS);
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: project,
    env: cleanEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function tarball(pkg: string): string {
  const result = packed.get(`@idvkit/${pkg}`);
  if (!result) throw new Error(`pnpm pack did not produce @idvkit/${pkg}`);
  return result.filename;
}

/** Runs the repo's tsc over files of the consumer project as a strict NodeNext consumer would; never throws. */
async function typeCheck(files: string[]): Promise<{ code: number; output: string }> {
  const args = [TSC, '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
  // A Node consumer has @types/node (the Yoti client's types use node:crypto); reuse the repo's copy.
  args.push('--typeRoots', join(ROOT, 'node_modules/@types'), '--types', 'node');
  args.push('--strict', '--noUncheckedIndexedAccess', '--noEmit', '--pretty', 'false', ...files);
  return run(process.execPath, args, { cwd: join(work, 'project') }).then(
    () => ({ code: 0, output: '' }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({
      code: err.code ?? -1,
      output: `${err.stdout ?? ''}${err.stderr ?? ''}`,
    }),
  );
}

describe('packed client packages', () => {
  it('@idvkit/idnow depends on jose (its webhook verifier needs it at runtime)', async () => {
    const manifest = JSON.parse(
      await readFile(join(work, 'project/node_modules/@idvkit/idnow/package.json'), 'utf8'),
    );
    expect(manifest.dependencies).toHaveProperty('jose');
    expect(existsSync(join(work, 'project/node_modules/jose/package.json'))).toBe(true);
  });

  it.each(PACKAGES)('@idvkit/%s ships dist with types and no tests', (pkg) => {
    const files = packed.get(`@idvkit/${pkg}`)?.files.map((f) => f.path) ?? [];
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('package.json');
    expect(files.filter((f) => /\.test\.[cm]?[jt]s$|^test\//.test(f))).toEqual([]);
  });

  it.each(PACKAGES)(
    '@idvkit/%s ships the repo LICENSE and says where its source and issues live',
    async (pkg) => {
      const installed = join(work, 'project/node_modules/@idvkit', pkg);
      expect(packed.get(`@idvkit/${pkg}`)?.files.map((f) => f.path)).toContain('LICENSE');
      expect(await readFile(join(installed, 'LICENSE'), 'utf8')).toBe(
        await readFile(join(ROOT, 'LICENSE'), 'utf8'),
      );
      const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
      const root = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
      expect(manifest.license).toBe(root.license);
      expect(manifest.repository).toEqual({
        type: 'git',
        url: expect.stringMatching(/^git\+https:\/\/.+\.git$/),
        directory: `packages/${pkg}`,
      });
      const web = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
      expect(manifest.homepage).toBe(`${web}/tree/main/packages/${pkg}#readme`);
      expect(manifest.bugs).toEqual({ url: `${web}/issues` });
    },
  );

  it.each(PACKAGES)('@idvkit/%s passes publint without errors', async (pkg) => {
    const bytes = await readFile(tarball(pkg));
    const { messages, pkg: manifest } = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      level: 'warning',
    });
    const errors = messages
      .filter((m) => m.type === 'error')
      .map((m) => formatMessage(m, manifest, { color: false }));
    expect(errors).toEqual([]);
  });

  it('installed clients type-check in a strict NodeNext consumer (ESM and .cts), and a wrong field is caught', async () => {
    const result = await typeCheck(['usage.ts', 'usage-cjs.cts', 'wrong.ts']);
    const lines = result.output.split('\n').filter((l) => /error TS\d+/.test(l));
    // usage.ts and the CommonJS usage-cjs.cts compile (usage.ts's @ts-expect-error lines are needed, so fields
    // are really typed) ...
    expect(lines.filter((l) => l.startsWith('usage'))).toEqual([]);
    // ... and wrong.ts fails exactly on the misspelt field.
    expect(result.code).not.toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(/^wrong\.ts\(\d+,\d+\): error TS2551: Property 'createdAt' does not exist/),
    ]);
  });

  it.each(CLIENTS)(
    "@idvkit/%s: the README's TypeScript examples type-check against the tarball",
    async (pkg) => {
      const blocks = tsBlocks(await readFile(join(ROOT, 'packages', pkg, 'README.md'), 'utf8'));
      expect(blocks.length).toBeGreaterThan(0);
      const file = `readme-${pkg}.ts`;
      await writeFile(join(work, 'project', file), snippetModule(blocks));
      const result = await typeCheck([file]);
      expect(result.output.split('\n').filter((l) => /error TS\d+/.test(l))).toEqual([]);
      expect(result.code).toBe(0);
    },
  );

  it('resolves @idvkit/http to the packed tarball, once', async () => {
    const lock = JSON.parse(await readFile(join(work, 'project', 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string }>;
    };
    const httpEntries = Object.entries(lock.packages).filter(([path]) =>
      path.endsWith('node_modules/@idvkit/http'),
    );
    expect(httpEntries).toHaveLength(1);
    expect(httpEntries[0]?.[1].resolved).toMatch(/^file:.*idvkit-http-0\.1\.0\.tgz$/);
  });

  it('installed packages load with require() from a CommonJS consumer (node require.cjs)', async () => {
    const { stdout } = await run(process.execPath, ['require.cjs'], { cwd: join(work, 'project') }).catch(
      (err: { stderr?: string }) => {
        // ERR_PACKAGE_PATH_NOT_EXPORTED: no exports condition for require; ERR_REQUIRE_ASYNC_MODULE: top-level await.
        throw new Error(`require() of the packed packages failed:\n${err.stderr ?? String(err)}`);
      },
    );
    const out = JSON.parse(stdout) as Record<string, unknown>;
    const fn = (...names: string[]) => Object.fromEntries(names.map((n) => [n, 'function']));
    expect(out).toEqual({
      '@idvkit/http': fn(
        'createHttpFetch',
        'createOpenApiClient',
        'PathParameterError',
        'WebhookVerificationError',
      ),
      '@idvkit/idnow': fn(
        'createIdnowClient',
        'verifyWebhook',
        'PathParameterError',
        'WebhookVerificationError',
      ),
      '@idvkit/yoti': fn(
        'createYotiClient',
        'verifyWebhook',
        'PathParameterError',
        'WebhookVerificationError',
      ),
      '@idvkit/complycube': fn(
        'createComplyCubeClient',
        'verifyWebhook',
        'PathParameterError',
        'WebhookVerificationError',
      ),
      '@idvkit/verifa': fn(
        'createVerifaClient',
        'verifyWebhook',
        'PathParameterError',
        'WebhookVerificationError',
      ),
      // One module instance for import and require: the same ESM files, no second (CJS) copy of the error classes.
      sameErrorClass: true,
      resolved: expect.stringMatching(/node_modules[\\/]@idvkit[\\/]verifa[\\/]dist[\\/]index\.js$/),
    });
  });

  it('installed clients import at runtime and expose their factories', async () => {
    const script = [
      "const names = ['createIdnowClient', 'createYotiClient', 'createComplyCubeClient', 'createVerifaClient'];",
      "const mods = await Promise.all(['idnow', 'yoti', 'complycube', 'verifa'].map((p) => import('@idvkit/' + p)));",
      "const { WebhookVerificationError } = await import('@idvkit/http');",
      // idnow's verifier runs jose (a dependency installed from the registry): a non-JWT body is `malformed`.
      "const reason = await mods[0].verifyWebhook({ body: 'x', headers: {} }, { jwksUrl: 'https://127.0.0.1:9/jwks' }).catch((e) => e instanceof WebhookVerificationError && e.reason);",
      'console.log(JSON.stringify([...mods.map((m, i) => typeof m[names[i]]), ...mods.map((m) => m.WebhookVerificationError === WebhookVerificationError), reason]));',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: join(work, 'project'),
    });
    expect(JSON.parse(stdout)).toEqual([
      ...['function', 'function', 'function', 'function'],
      ...[true, true, true, true],
      'malformed',
    ]);
  });
});
