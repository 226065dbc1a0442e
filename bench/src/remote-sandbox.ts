import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  type AdvanceOptions,
  type AdvanceResult,
  type GroundTruth,
  type Sandbox,
  type SandboxOptions,
  type SandboxStats,
  startSandbox,
} from '@idvkit/sandbox';

const MARK = '@@idvkit-sandbox ';
const CPU_MARK = '@@idvkit-sandbox-cpu ';

/**
 * The sandbox in its own process, driven through its `/_admin` API. A real provider is remote: running the
 * emulator in the benchmarked process would charge its CPU (and its event-loop time) to the engine.
 */
export interface RemoteSandbox {
  url: string;
  /** What `sandboxConfig` reads (base URLs, credentials, IDnow flows). */
  configView: Sandbox;
  baseUrls: Sandbox['baseUrls'];
  credentials: Sandbox['credentials'];
  stats(): Promise<SandboxStats>;
  resetStats(): Promise<void>;
  advance(opts: AdvanceOptions): Promise<AdvanceResult>;
  yotiSessionIds(): Promise<string[]>;
  truth(): Promise<GroundTruth>;
  /** CPU time the sandbox process has used so far, ms (user + system). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

type Info = Pick<Sandbox, 'url' | 'baseUrls' | 'credentials' | 'idnowFlows'>;

export async function startRemoteSandbox(options: SandboxOptions): Promise<RemoteSandbox> {
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  const child = spawn(process.execPath, [main, '--child', 'sandbox'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, IDVKIT_BENCH: '' },
  });
  child.stdin?.write(`${JSON.stringify(options)}\n`);
  const cpuWaiters: Array<(ms: number) => void> = [];
  const info = await new Promise<Info>((resolveInfo, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith(MARK)) resolveInfo(JSON.parse(line.slice(MARK.length)) as Info);
      else if (line.startsWith(CPU_MARK)) cpuWaiters.shift()?.(Number(line.slice(CPU_MARK.length)));
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`sandbox process exited with ${code} before it was ready`)),
    );
  });
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${info.url}/_admin/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!res.ok) throw new Error(`sandbox admin ${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return {
    url: info.url,
    // sandboxConfig only reads these fields.
    configView: info as Sandbox,
    baseUrls: info.baseUrls,
    credentials: info.credentials,
    stats: () => admin<SandboxStats>('GET', 'stats'),
    resetStats: () => admin<void>('POST', 'stats/reset'),
    advance: (opts) => admin<AdvanceResult>('POST', 'advance', opts),
    yotiSessionIds: async () => (await admin<{ sessionIds: string[] }>('GET', 'yoti/session-ids')).sessionIds,
    truth: () => admin<GroundTruth>('GET', 'truth'),
    cpuMs: () =>
      new Promise<number>((resolveCpu) => {
        cpuWaiters.push(resolveCpu);
        child.stdin?.write('cpu\n');
      }),
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.stdin?.end();
      }),
  };
}

/** The child side: starts the sandbox with the options on stdin's first line, stops it when stdin closes. */
export async function sandboxMain(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const sandbox = await startSandbox(JSON.parse(String(first.value)) as SandboxOptions);
  const info: Info = {
    url: sandbox.url,
    baseUrls: sandbox.baseUrls,
    credentials: sandbox.credentials,
    idnowFlows: sandbox.idnowFlows,
  };
  process.stdout.write(`${MARK}${JSON.stringify(info)}\n`);
  for await (const line of { [Symbol.asyncIterator]: () => iterator }) {
    if (line === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.stdout.write(`${CPU_MARK}${(user + system) / 1000}\n`);
    }
  }
  await sandbox.stop();
}
