import { PROVIDERS, type Provider, type SandboxOptions } from '@idvkit/sandbox';
import { ConfigError } from '../config/config-error.js';

/** Commander collector for a repeatable flag. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

function pairs(flag: string, values: readonly string[]): Map<Provider, string> {
  const out = new Map<Provider, string>();
  for (const value of values) {
    const eq = value.indexOf('=');
    const provider = value.slice(0, Math.max(0, eq)) as Provider;
    if (eq <= 0 || !PROVIDERS.includes(provider) || eq === value.length - 1) {
      throw new ConfigError(
        `${flag}: expected <provider>=<value> with provider one of ${PROVIDERS.join(', ')}, received "${eq > 0 ? `${value.slice(0, eq)}=…` : value.slice(0, 40)}"`,
      );
    }
    out.set(provider, value.slice(eq + 1));
  }
  return out;
}

/**
 * `--webhook <provider>=<url>` and `--webhook-secret <provider>=<secret>` as the sandbox's `webhooks` option. The
 * secret is what the provider signs with: the HMAC secret (ComplyCube, Verifa) or Yoti's notification auth token.
 * @throws ConfigError for a malformed pair or a secret without a URL.
 */
export function sandboxWebhooks(
  urls: readonly string[],
  secrets: readonly string[],
): SandboxOptions['webhooks'] {
  const targets = pairs('--webhook', urls);
  const keys = pairs('--webhook-secret', secrets);
  for (const provider of keys.keys()) {
    if (!targets.has(provider)) {
      throw new ConfigError(
        `--webhook-secret ${provider}=…: expected a matching --webhook ${provider}=<url>, received none`,
      );
    }
  }
  if (targets.size === 0) return undefined;
  const webhooks: NonNullable<SandboxOptions['webhooks']> = {};
  for (const [provider, url] of targets) {
    const secret = keys.get(provider);
    webhooks[provider] = { url, ...(secret ? { secret, authToken: secret } : {}) };
  }
  return webhooks;
}
