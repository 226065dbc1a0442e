import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from '../src/index.js';

const SECRET = 'whsec-complycube-test-secret';
const EVENT = {
  id: '68a0f2c1d4e5f60007a1b2c3',
  type: 'check.completed.clear',
  resourceType: 'check',
  payload: { id: '689c78f619987c0002774921', status: 'complete', outcome: 'clear' },
  createdAt: '2025-01-13T11:36:11.000Z',
};
const BODY = JSON.stringify(EVENT);
/** The vector, computed here independently of the package. */
const sign = (body: string | Buffer, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('hex');

const reasonOf = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebhookVerificationError);
  return err as WebhookVerificationError;
};

describe('complycube verifyWebhook', () => {
  it.each([
    ['string body, canonical header name', BODY, { 'Complycube-Signature': sign(BODY) }],
    [
      'bytes body, lower-case header (as node:http gives it)',
      Buffer.from(BODY),
      { 'complycube-signature': sign(BODY) },
    ],
    ['upper-case hex', new TextEncoder().encode(BODY), { 'COMPLYCUBE-SIGNATURE': sign(BODY).toUpperCase() }],
    ['a one-element array header', BODY, { 'complycube-signature': [sign(BODY)] }],
    ['the same value twice', BODY, { 'complycube-signature': [sign(BODY), sign(BODY)] }],
  ])('accepts a valid delivery: %s', async (_name, body, headers) => {
    await expect(verifyWebhook({ body, headers }, { secret: SECRET })).resolves.toEqual(EVENT);
  });

  it('accepts a Fetch API Headers object', async () => {
    const headers = new Headers({ 'Complycube-Signature': sign(BODY) });
    await expect(verifyWebhook({ body: BODY, headers }, { secret: SECRET })).resolves.toEqual(EVENT);
  });

  it.each([
    [
      'tampered body',
      BODY.replace('clear', 'rejected'),
      { 'complycube-signature': sign(BODY) },
      'bad_signature',
    ],
    ['wrong secret', BODY, { 'complycube-signature': sign(BODY, 'another-secret') }, 'bad_signature'],
    [
      'a signature over the re-serialised JSON',
      `${BODY}\n`,
      { 'complycube-signature': sign(BODY) },
      'bad_signature',
    ],
    ['missing header', BODY, {}, 'missing_signature'],
    ['empty header', BODY, { 'complycube-signature': '' }, 'missing_signature'],
    ['undefined header', BODY, { 'complycube-signature': undefined }, 'missing_signature'],
    ['a truncated signature', BODY, { 'complycube-signature': sign(BODY).slice(0, 62) }, 'malformed'],
    ['a non-hex signature', BODY, { 'complycube-signature': 'z'.repeat(64) }, 'malformed'],
    ['a sha256= prefix', BODY, { 'complycube-signature': `sha256=${sign(BODY)}` }, 'malformed'],
    ['two different values', BODY, { 'complycube-signature': [sign(BODY), sign('x')] }, 'malformed'],
  ])('rejects %s', async (_name, body, headers, reason) => {
    const err = await reasonOf(verifyWebhook({ body, headers }, { secret: SECRET }));
    expect(err.reason).toBe(reason);
    expect(err.provider).toBe('complycube');
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain(sign(BODY));
  });

  it.each([
    ['not JSON', 'id=1'],
    ['a JSON array', '[]'],
    ['an object without id/type', '{"event":"check.completed"}'],
  ])('rejects an authentic body that is %s as malformed', async (_name, body) => {
    const err = await reasonOf(
      verifyWebhook({ body, headers: { 'complycube-signature': sign(body) } }, { secret: SECRET }),
    );
    expect(err.reason).toBe('malformed');
  });

  it('says so when the body was parsed before verifying', async () => {
    const err = await reasonOf(
      verifyWebhook(
        { body: EVENT as unknown as string, headers: { 'complycube-signature': sign(BODY) } },
        {
          secret: SECRET,
        },
      ),
    );
    expect(err.reason).toBe('malformed');
    expect(err.message).toMatch(/expected the raw request body as a string or Uint8Array, received object/);
  });

  it('refuses an empty secret with a TypeError (configuration, not a delivery fault)', async () => {
    await expect(verifyWebhook({ body: BODY, headers: {} }, { secret: '' })).rejects.toThrow(TypeError);
  });

  it('serialises without the secret or the signature', async () => {
    const err = await reasonOf(
      verifyWebhook({ body: BODY, headers: { 'complycube-signature': sign('x') } }, { secret: SECRET }),
    );
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      name: 'WebhookVerificationError',
      message: expect.stringContaining('bad_signature'),
      provider: 'complycube',
      reason: 'bad_signature',
    });
  });
});

describe('complycube verifyWebhook inside a node:http handler', () => {
  let url = '';
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const event = await verifyWebhook(
        { body: Buffer.concat(chunks), headers: req.headers },
        { secret: SECRET },
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: event.id }));
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      res.writeHead(err.reason === 'malformed' ? 400 : 401).end(err.reason);
    }
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/complycube`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts a signed POST and rejects a forged one', async () => {
    const ok = await fetch(url, {
      method: 'POST',
      body: BODY,
      headers: { 'Complycube-Signature': sign(BODY) },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: EVENT.id });
    const forged = await fetch(url, {
      method: 'POST',
      body: BODY,
      headers: { 'Complycube-Signature': sign('{}') },
    });
    expect(forged.status).toBe(401);
    expect(await forged.text()).toBe('bad_signature');
  });
});
