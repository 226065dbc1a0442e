import { normalizeBaseUrl } from '@idvkit/http';
import { ConfigError } from './config-error.js';

/** What a configured provider URL may be. */
export interface UrlPolicy {
  /** Accept plain `http://` for hosts other than loopback (set by `allowInsecureHttp: true`). */
  allowInsecureHttp: boolean;
}

/**
 * Validates and normalizes a configured base or token URL. Refuses credentials in the URL (they belong in their own
 * keys, where they are redacted; the message never repeats them) and plain `http://` to a non-loopback host, where
 * the API key or token would cross the network in clear text.
 */
export function checkUrl(value: string, where: string, policy: UrlPolicy): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    // normalizeBaseUrl's message quotes the value: let it through only when no user:password@ can be in it.
    if (value.includes('@')) {
      throw new ConfigError(
        `${where}: expected an absolute http(s) URL, received text that does not parse as one`,
      );
    }
    return normalize(value, where);
  }
  if (parsed.username || parsed.password) {
    throw new ConfigError(
      `${where}: expected a URL without user:password@ (put credentials in their own keys), received a URL with credentials for ${parsed.host}`,
    );
  }
  const url = normalize(value, where);
  if (parsed.protocol === 'http:' && !policy.allowInsecureHttp && !isLoopback(parsed.hostname)) {
    throw new ConfigError(
      `${where}: expected an https:// URL (plain http:// only for localhost, 127.0.0.0/8 and ::1, or with "allowInsecureHttp": true), received ${parsed.origin}`,
    );
  }
  return url;
}

function normalize(value: string, where: string): string {
  try {
    return normalizeBaseUrl(value, where);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

/** localhost, 127.0.0.0/8 and ::1 (the WHATWG parser has already turned `127.1` into `127.0.0.1`). */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
