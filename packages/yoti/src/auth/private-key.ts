import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

const EXPECTED =
  'a PEM-encoded RSA private key ("-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----")';

/**
 * Parses the Yoti application's PEM private key. The error never contains the key material, only what was
 * expected and (when OpenSSL gives one) the error code.
 * @throws TypeError when the text is not an unencrypted RSA private key.
 */
export function loadPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const detail = typeof code === 'string' && /^ERR_[A-Z0-9_]+$/.test(code) ? ` (${code})` : '';
    throw new TypeError(
      `yoti: privateKey: expected ${EXPECTED}, received text that does not parse as one${detail}`,
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new TypeError(`yoti: privateKey: expected ${EXPECTED}, received a ${key.asymmetricKeyType} key`);
  }
  return key;
}

/**
 * Reads and parses the PEM private key file once.
 * @throws TypeError naming the path (never the content) when the file cannot be read or parsed.
 */
export function readPrivateKeyFile(path: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new TypeError(
      `yoti: privateKeyPath: could not read "${path}"${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
  try {
    return loadPrivateKey(pem);
  } catch (err) {
    throw new TypeError(`${(err as Error).message.replace('privateKey:', 'privateKeyPath:')} in "${path}"`);
  }
}
