import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from '../src/index.js';

const SECRET = 'whsec_verifa_test_secret';
const OLD_SECRET = 'whsec_verifa_previous_secret';
const NOW = new Date('2026-01-15T09:31:12Z');
const T = Math.floor(NOW.getTime() / 1000);
const EVENT = {
  event: 'session.approved',
  data: { session_id: 'ses_abc123', status: 'completed', is_sandbox: true },
  created_at: '2026-01-15T09:31:12Z',
};
const BODY = JSON.stringify(EVENT);

/** The vectors, computed here independently of the package. */
const v1 = (t: number, body: string, secret = SECRET) =>
  createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
const legacy = (body: string, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');
const header = (value: string | string[]) => ({ 'x-verifa-signature': value });

const failure = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebhookVerificationError);
  return err as WebhookVerificationError;
};

describe('verifa verifyWebhook', () => {
  it.each([
    ['a current signature', BODY, header(`t=${T},v1=${v1(T, BODY)}`)],
    [
      'bytes and the canonical header name',
      Buffer.from(BODY),
      { 'X-Verifa-Signature': `t=${T},v1=${v1(T, BODY)}` },
    ],
    ['spaces after commas', BODY, header(`t=${T}, v1=${v1(T, BODY)}`)],
    [
      'a rotated secret: the new secret is the second v1',
      BODY,
      header(`t=${T},v1=${v1(T, BODY, OLD_SECRET)},v1=${v1(T, BODY)}`),
    ],
    [
      'a rotated secret: the new secret is the first v1',
      BODY,
      header(`t=${T},v1=${v1(T, BODY)},v1=${v1(T, BODY, OLD_SECRET)}`),
    ],
    ['an unknown extra scheme', BODY, header(`t=${T},v0=deadbeef,v1=${v1(T, BODY)}`)],
    ['the parts split over an array header', BODY, header([`t=${T}`, `v1=${v1(T, BODY)}`])],
    ['a timestamp exactly at the tolerance', BODY, header(`t=${T - 300},v1=${v1(T - 300, BODY)}`)],
  ])('accepts %s', async (_name, body, headers) => {
    await expect(verifyWebhook({ body, headers }, { secret: SECRET, now: NOW })).resolves.toEqual(EVENT);
  });

  it('accepts the documented flat payload too', async () => {
    const flat = JSON.stringify({ event: 'session.declined', idempotency_key: 'evt_1', session_id: 'ses_1' });
    const event = await verifyWebhook(
      { body: flat, headers: header(`t=${T},v1=${v1(T, flat)}`) },
      { secret: SECRET, now: NOW },
    );
    expect(event.idempotency_key).toBe('evt_1');
    expect(event.event).toBe('session.declined');
  });

  it.each([
    [
      'a tampered body',
      BODY.replace('approved', 'declined'),
      header(`t=${T},v1=${v1(T, BODY)}`),
      'bad_signature',
    ],
    ['a wrong secret', BODY, header(`t=${T},v1=${v1(T, BODY, 'whsec_other')}`), 'bad_signature'],
    ['a tampered t (signature for another t)', BODY, header(`t=${T - 1},v1=${v1(T, BODY)}`), 'bad_signature'],
    [
      'a rotation where neither v1 matches',
      BODY,
      header(`t=${T},v1=${v1(T, BODY, 'a')},v1=${v1(T, BODY, 'b')}`),
      'bad_signature',
    ],
    [
      'a stale timestamp (301 s old)',
      BODY,
      header(`t=${T - 301},v1=${v1(T - 301, BODY)}`),
      'stale_timestamp',
    ],
    [
      'a future timestamp (301 s ahead)',
      BODY,
      header(`t=${T + 301},v1=${v1(T + 301, BODY)}`),
      'stale_timestamp',
    ],
    ['a missing header', BODY, {}, 'missing_signature'],
    ['an empty header', BODY, header(''), 'missing_signature'],
    ['no v1', BODY, header(`t=${T}`), 'malformed'],
    ['a non-numeric t', BODY, header(`t=soon,v1=${v1(T, BODY)}`), 'malformed'],
    [
      'two different t',
      BODY,
      header([`t=${T},v1=${v1(T, BODY)}`, `t=${T + 1},v1=${v1(T + 1, BODY)}`]),
      'malformed',
    ],
    ['a legacy signature without allowLegacy', BODY, header(legacy(BODY)), 'malformed'],
  ])('rejects %s', async (_name, body, headers, reason) => {
    const err = await failure(verifyWebhook({ body, headers }, { secret: SECRET, now: NOW }));
    expect(err.reason).toBe(reason);
    expect(err.provider).toBe('verifa');
    expect(err.message).not.toContain(SECRET);
  });

  it('says why a legacy signature is refused and how to accept it', async () => {
    const err = await failure(
      verifyWebhook({ body: BODY, headers: header(legacy(BODY)) }, { secret: SECRET }),
    );
    expect(err.message).toMatch(/legacy signature without t= \(pass allowLegacy: true/);
  });

  it('checks the signature before the timestamp (a forged old delivery is bad_signature, not stale)', async () => {
    const err = await failure(
      verifyWebhook(
        { body: BODY, headers: header(`t=${T - 3600},v1=${v1(T, BODY)}`) },
        { secret: SECRET, now: NOW },
      ),
    );
    expect(err.reason).toBe('bad_signature');
  });

  it('honours toleranceSeconds', async () => {
    const headers = header(`t=${T - 30},v1=${v1(T - 30, BODY)}`);
    await expect(
      verifyWebhook({ body: BODY, headers }, { secret: SECRET, now: NOW, toleranceSeconds: 60 }),
    ).resolves.toEqual(EVENT);
    const err = await failure(
      verifyWebhook({ body: BODY, headers }, { secret: SECRET, now: NOW, toleranceSeconds: 10 }),
    );
    expect(err.reason).toBe('stale_timestamp');
    expect(err.message).toMatch(/expected t within 10 s of now, received one 30 s in the past/);
  });

  it('uses the real clock when `now` is not given', async () => {
    const t = Math.floor(Date.now() / 1000);
    await expect(
      verifyWebhook({ body: BODY, headers: header(`t=${t},v1=${v1(t, BODY)}`) }, { secret: SECRET }),
    ).resolves.toEqual(EVENT);
    const err = await failure(
      verifyWebhook({ body: BODY, headers: header(`t=${T},v1=${v1(T, BODY)}`) }, { secret: SECRET }),
    );
    expect(err.reason).toBe('stale_timestamp');
  });

  describe('legacy (bare-body HMAC) with allowLegacy', () => {
    const options = { secret: SECRET, now: NOW, allowLegacy: true };
    it.each([
      ['a bare hex header', header(legacy(BODY))],
      ['a v1= without t=', header(`v1=${legacy(BODY)}`)],
    ])('accepts %s', async (_name, headers) => {
      await expect(verifyWebhook({ body: BODY, headers }, options)).resolves.toEqual(EVENT);
    });

    it.each([
      ['a tampered body', BODY.replace('approved', 'declined'), header(legacy(BODY))],
      ['a wrong secret', BODY, header(legacy(BODY, 'whsec_other'))],
    ])('rejects %s', async (_name, body, headers) => {
      expect((await failure(verifyWebhook({ body, headers }, options))).reason).toBe('bad_signature');
    });

    it('still checks the timestamp of a current signature', async () => {
      const headers = header(`t=${T - 301},v1=${v1(T - 301, BODY)}`);
      expect((await failure(verifyWebhook({ body: BODY, headers }, options))).reason).toBe('stale_timestamp');
    });

    it('does not accept a bare-body HMAC placed next to a t= (that is the current scheme)', async () => {
      const headers = header(`t=${T},v1=${legacy(BODY)}`);
      expect((await failure(verifyWebhook({ body: BODY, headers }, options))).reason).toBe('bad_signature');
    });
  });

  it.each([
    ['not JSON', 'ok'],
    ['an object without event', '{"type":"session.approved"}'],
  ])('rejects an authentic body that is %s as malformed', async (_name, body) => {
    const err = await failure(
      verifyWebhook({ body, headers: header(`t=${T},v1=${v1(T, body)}`) }, { secret: SECRET, now: NOW }),
    );
    expect(err.reason).toBe('malformed');
  });

  it.each([
    ['an empty secret', { secret: '' }],
    ['a negative tolerance', { secret: SECRET, toleranceSeconds: -1 }],
  ])('refuses %s with a TypeError', async (_name, options) => {
    await expect(verifyWebhook({ body: BODY, headers: {} }, options)).rejects.toThrow(TypeError);
  });
});
