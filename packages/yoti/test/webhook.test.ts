import { describe, expect, it } from 'vitest';
import { authorizationMatches, verifyWebhook, WebhookVerificationError } from '../src/index.js';

const TOKEN = 'notify-user:s3cr3t-pa55';
const NOTIFICATION = {
  session_id: '1c3cae90-1769-43a9-8554-d85f2e7cdb0f',
  topic: 'check_completion',
  check_id: 'c1',
};
const BODY = JSON.stringify(NOTIFICATION);
const basic = (token: string) => `Basic ${Buffer.from(token, 'utf8').toString('base64')}`;

const failure = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebhookVerificationError);
  return err as WebhookVerificationError;
};

describe('yoti verifyWebhook', () => {
  it.each([
    ['Bearer', { authorization: `Bearer ${TOKEN}` }],
    ['Basic base64(token)', { authorization: basic(TOKEN) }],
    ['Basic with the raw token (the idvkit receiver accepted it)', { authorization: `Basic ${TOKEN}` }],
    ['a lower-case scheme and a capitalised header name', { Authorization: `bearer ${TOKEN}` }],
    ['a one-element array', { authorization: [basic(TOKEN)] }],
  ])('accepts %s', async (_name, headers) => {
    await expect(verifyWebhook({ body: BODY, headers }, { authToken: TOKEN })).resolves.toEqual(NOTIFICATION);
    await expect(
      verifyWebhook({ body: new TextEncoder().encode(BODY), headers }, { authToken: TOKEN }),
    ).resolves.toEqual(NOTIFICATION);
  });

  it.each([
    ['a wrong Bearer token', { authorization: 'Bearer notify-user:wrong' }, 'bad_signature'],
    ['a wrong Basic token', { authorization: basic('notify-user:wrong') }, 'bad_signature'],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, 'bad_signature'],
    ['the token with a suffix', { authorization: `Bearer ${TOKEN}x` }, 'bad_signature'],
    ['no Authorization', {}, 'missing_signature'],
    ['an empty Authorization', { authorization: '' }, 'missing_signature'],
    ['another scheme', { authorization: `Token ${TOKEN}` }, 'malformed'],
    ['no scheme', { authorization: TOKEN.replace(':', '') }, 'malformed'],
    [
      'two different Authorization values',
      { authorization: [`Bearer ${TOKEN}`, 'Bearer other'] },
      'malformed',
    ],
  ])('rejects %s', async (_name, headers, reason) => {
    const err = await failure(verifyWebhook({ body: BODY, headers }, { authToken: TOKEN }));
    expect(err.reason).toBe(reason);
    expect(err.provider).toBe('yoti');
    expect(err.message).not.toContain('s3cr3t');
  });

  it.each([
    ['not JSON', 'session_id=s1', /expected a JSON body/],
    ['no topic', '{"session_id":"s1"}', /string `session_id` and `topic`/],
  ])(
    'rejects an authenticated body that is %s as malformed (parsed by parseNotification)',
    async (_n, body, msg) => {
      const err = await failure(
        verifyWebhook({ body, headers: { authorization: `Bearer ${TOKEN}` } }, { authToken: TOKEN }),
      );
      expect(err.reason).toBe('malformed');
      expect(err.message).toMatch(msg);
      expect(err.cause).toBeInstanceOf(TypeError);
    },
  );

  it('checks the token before reading the body', async () => {
    const err = await failure(
      verifyWebhook({ body: 'not json', headers: { authorization: 'Bearer x' } }, { authToken: TOKEN }),
    );
    expect(err.reason).toBe('bad_signature');
  });

  it('refuses an empty authToken with a TypeError', async () => {
    await expect(verifyWebhook({ body: BODY, headers: {} }, { authToken: '' })).rejects.toThrow(TypeError);
  });
});

describe('authorizationMatches', () => {
  it.each([
    [`Bearer ${TOKEN}`, true],
    [basic(TOKEN), true],
    [`  Bearer   ${TOKEN}  `, true],
    [`Bearer ${TOKEN.toUpperCase()}`, false],
    [undefined, false],
    ['Bearer', false],
    [`Digest ${TOKEN}`, false],
  ])('%s → %s', (header, want) => {
    expect(authorizationMatches(header, TOKEN)).toBe(want);
  });

  it('never matches an empty configured token', () => {
    expect(authorizationMatches('Bearer ', '')).toBe(false);
  });
});
