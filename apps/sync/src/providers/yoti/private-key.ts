import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPrivateKey } from '@idvkit/yoti';
import { ConfigError } from '../../config/config-error.js';
import type { YotiConfig } from './config.js';

const EXPECTED =
  'a PEM-encoded RSA private key ("-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----")';

/**
 * The application's private key as PEM text, read and parsed when the sync is planned, so a missing file or a key
 * that is not PEM is a config error (exit 2) before any database is opened, not a failed run. Messages name the
 * key and the path, never the key material.
 */
export function yotiPrivateKeyPem(
  config: Pick<YotiConfig, 'privateKey' | 'privateKeyPath'> & { where?: string },
): string {
  const WHERE = config.where ?? 'config.providers.yoti';
  if (config.privateKey !== undefined) {
    assertPem(config.privateKey, `${WHERE}.privateKey: expected ${EXPECTED}`);
    return config.privateKey;
  }
  const path = resolve(config.privateKeyPath ?? '');
  const where = `${WHERE}.privateKeyPath`;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `${where}: expected a readable PEM private key file, received ${unreadable(err)}: ${path}`,
    );
  }
  assertPem(pem, `${where}: expected ${EXPECTED} in ${path}`);
  return pem;
}

function assertPem(pem: string, expected: string): void {
  try {
    loadPrivateKey(pem);
  } catch (err) {
    // loadPrivateKey's message says "received …" without key material; keep only that part.
    const received = /received (.*)$/.exec((err as Error).message)?.[1] ?? 'text that does not parse as one';
    throw new ConfigError(`${expected}, received ${received}`);
  }
}

function unreadable(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'a path that does not exist';
  if (code === 'EISDIR') return 'a directory';
  if (code === 'ENOTDIR') return 'a path through a file';
  return `a file that cannot be read (${code ?? 'error'})`;
}
