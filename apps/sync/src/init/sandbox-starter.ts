import { SANDBOX_CREDENTIALS, type SandboxBaseUrls } from '@idvkit/sandbox';
import { ConfigError } from '../config/config-error.js';
import { sandboxConfig } from '../demo/sandbox-config.js';

/** What the sandbox says about itself at `GET /_admin/info`. */
interface SandboxInfo {
  baseUrls: SandboxBaseUrls;
  idnowFlows: Array<{ flowId: string; environment: 'live' | 'staging' }>;
}

/**
 * The config of the sandbox running at `url` (`idvkit sandbox`), as `idvkit sandbox --print-config` prints it:
 * its base URLs and IDnow flows read from its admin API, its fixed public test credentials.
 */
export async function sandboxStarter(url: string, fetchImpl: typeof fetch = fetch) {
  let info: SandboxInfo;
  try {
    const res = await fetchImpl(new URL('/_admin/info', url), { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    info = (await res.json()) as SandboxInfo;
    if (!info.baseUrls?.idnow || !Array.isArray(info.idnowFlows)) throw new Error('not a sandbox');
  } catch (err) {
    throw new ConfigError(
      `--sandbox-url: expected a running idvkit sandbox at ${url} (start one with "idvkit sandbox"), received ${describeFailure(err)}`,
    );
  }
  return sandboxConfig({
    baseUrls: info.baseUrls,
    credentials: SANDBOX_CREDENTIALS,
    idnowFlows: info.idnowFlows,
  }).json;
}

function describeFailure(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause) return `no answer (${cause.code ?? cause.message})`;
  if ((err as Error).name === 'TimeoutError') return 'no answer within 5 s';
  return `an answer that is not a sandbox's (${(err as Error).message})`;
}
