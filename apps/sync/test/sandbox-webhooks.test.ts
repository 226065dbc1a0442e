import { describe, expect, it } from 'vitest';
import { sandboxWebhooks } from '../src/commands/sandbox-webhooks.js';
import { ConfigError } from '../src/config/config-error.js';

describe('idvkit sandbox --webhook / --webhook-secret', () => {
  it('builds one target per provider, the secret serving as HMAC secret or Yoti auth token', () => {
    expect(sandboxWebhooks([], [])).toBeUndefined();
    expect(
      sandboxWebhooks(['yoti=http://127.0.0.1:9/yoti', 'idnow=http://127.0.0.1:9/idnow'], ['yoti=tok=en']),
    ).toEqual({
      yoti: { url: 'http://127.0.0.1:9/yoti', secret: 'tok=en', authToken: 'tok=en' },
      idnow: { url: 'http://127.0.0.1:9/idnow' },
    });
  });

  it.each([
    [
      ['nope=http://x'],
      [],
      '--webhook: expected <provider>=<value> with provider one of idnow, yoti, complycube, verifa, received "nope=…"',
    ],
    [
      ['yoti'],
      [],
      '--webhook: expected <provider>=<value> with provider one of idnow, yoti, complycube, verifa, received "yoti"',
    ],
    [
      ['yoti='],
      [],
      '--webhook: expected <provider>=<value> with provider one of idnow, yoti, complycube, verifa, received "yoti=…"',
    ],
    [[], ['yoti=secret'], '--webhook-secret yoti=…: expected a matching --webhook yoti=<url>, received none'],
  ])('refuses %j %j with one line that never echoes the secret', (urls, secrets, message) => {
    const err = (() => {
      try {
        sandboxWebhooks(urls, secrets);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(message);
    expect((err as Error).message).not.toContain('secret=');
  });
});
