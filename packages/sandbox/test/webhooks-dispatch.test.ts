import { verifyWebhook } from '@idvkit/yoti';
import { afterEach, describe, expect, it } from 'vitest';
import { type JsonObject, type Sandbox, startSandbox, type WebhookSender } from '../src/index.js';
import { deliverWebhooks } from '../src/webhooks/dispatch.js';
import { get } from './helpers/requests.js';
import { type Received, startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});
const receiver = async (answer?: WebhookReceiver['answer']) => {
  const r = await startWebhookReceiver(answer);
  cleanup.push(() => r.close());
  return r;
};
const sandboxWith = async (opts: Parameters<typeof startSandbox>[0]) => {
  const s = await startSandbox(opts);
  cleanup.push(() => s.stop());
  return s;
};

/** A sender that signs with an HMAC-free marker: enough to see what the dispatcher does with it. */
const testSender = (retries = 0): WebhookSender & { signedAt: number[] } => {
  const signedAt: number[] = [];
  return {
    signedAt,
    retries,
    events: () => [],
    sign(event, target, nowMs) {
      signedAt.push(nowMs);
      return {
        body: JSON.stringify(event),
        headers: { 'content-type': 'application/json', 'x-key': String(target.secret) },
      };
    },
  };
};
const events = (n: number): JsonObject[] => Array.from({ length: n }, (_, i) => ({ n: i }));
const bodyN = (r: Received) => (JSON.parse(r.body) as { n: number }).n;

describe('deliverWebhooks', () => {
  it('delivers every event, signed, at most `concurrency` at a time', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const r = await receiver(async (_, index) => {
      // Hold the first requests until three are open, so concurrency is actually exercised.
      if (index === 2) release();
      await gate;
      return 200;
    });
    const sender = testSender();
    const counts = await deliverWebhooks(sender, events(20), { url: r.url, secret: 'k' }, { concurrency: 3 });
    expect(counts).toEqual({ sent: 20, acknowledged: 20 });
    expect(r.received.map(bodyN).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(r.received.every((x) => x.headers['x-key'] === 'k')).toBe(true);
    expect(r.maxInFlight).toBe(3);
    expect(sender.signedAt).toHaveLength(20);
  });

  it('counts a non-2xx, a hang past the timeout and a refused connection as sent but not acknowledged', async () => {
    const r = await receiver((x) => (bodyN(x) === 1 ? 500 : bodyN(x) === 2 ? 'hang' : 204));
    const counts = await deliverWebhooks(testSender(), events(4), { url: r.url }, { timeoutMs: 300 });
    expect(counts).toEqual({ sent: 4, acknowledged: 2 });
    // Not retried: each event reached the receiver exactly once.
    expect(r.received.map(bodyN).sort()).toEqual([0, 1, 2, 3]);

    const closed = await startWebhookReceiver();
    await closed.close();
    expect(await deliverWebhooks(testSender(), events(2), { url: closed.url })).toEqual({
      sent: 2,
      acknowledged: 0,
    });
  });

  it('retries only as often as the sender says, signing every attempt afresh', async () => {
    const r = await receiver((x) => (bodyN(x) === 0 ? 503 : 200));
    const sender = testSender(2);
    const counts = await deliverWebhooks(sender, events(2), { url: r.url }, { retryDelayMs: 1 });
    expect(counts).toEqual({ sent: 2, acknowledged: 1 });
    expect(r.received.map(bodyN).sort()).toEqual([0, 0, 0, 1]);
    expect(sender.signedAt).toHaveLength(4);
  });
});

describe('sandbox webhooks', () => {
  const receivedIds = (r: WebhookReceiver) =>
    r.received.map((x) => (JSON.parse(x.body) as { session_id: string }).session_id);

  it('a receiver started later is configured over the admin API; advance delivers verifiable Yoti notifications', async () => {
    const sandbox: Sandbox = await sandboxWith({ seed: 31, sessions: 25 });
    const quiet = await sandbox.advance({ minutes: 30, progress: 1 });
    expect(quiet.webhooks).toEqual({});
    expect(quiet.notified).toBe(0);

    const r = await receiver();
    const set = await get(`${sandbox.url}/_admin/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'yoti', url: r.url, authToken: 'user:pa55', scheme: 'Basic' }),
    });
    expect(set.status).toBe(200);
    expect(set.text).not.toContain('pa55');
    expect((await get(`${sandbox.url}/_admin/webhooks`)).json).toEqual({
      yoti: { url: r.url, scheme: 'Basic', hasSecret: false, hasAuthToken: true, sender: true },
    });

    const result = await sandbox.advance({ minutes: 60, progress: 1, create: 2 });
    const expected = [...result.changed.yoti, ...result.created.yoti];
    expect(expected.length).toBeGreaterThan(2);
    expect(result.webhooks.yoti).toEqual({ sent: expected.length, acknowledged: expected.length });
    expect(result.notified).toBe(expected.length);
    expect(receivedIds(r).sort()).toEqual([...expected].sort());
    for (const x of r.received) {
      expect(x.headers.authorization).toBe(`Basic ${Buffer.from('user:pa55').toString('base64')}`);
      const event = await verifyWebhook({ body: x.body, headers: x.headers }, { authToken: 'user:pa55' });
      expect(expected).toContain(event.session_id);
      await expect(
        verifyWebhook({ body: x.body, headers: x.headers }, { authToken: 'user:other' }),
      ).rejects.toThrow(/another token/);
    }

    // url: null stops them.
    const off = await get(`${sandbox.url}/_admin/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'yoti', url: null }),
    });
    expect(off.json).toEqual({ provider: 'yoti', target: null });
    const before = r.received.length;
    const after = await sandbox.advance({ minutes: 60, progress: 1, create: 1 });
    expect(after.webhooks.yoti).toBeUndefined();
    expect(r.received.length).toBe(before);
  });

  it('setWebhooks refuses bad targets with one clear line', async () => {
    const sandbox = await sandboxWith({ seed: 32, sessions: 2 });
    expect(() => sandbox.setWebhooks('yoti', { url: 'ftp://x.test/hook', authToken: 't' })).toThrow(
      'webhooks.yoti.url: expected an absolute http(s) URL, received the scheme "ftp:"',
    );
    expect(() => sandbox.setWebhooks('yoti', { url: 'http://127.0.0.1:9/hook' })).toThrow(
      'webhooks.yoti.authToken: expected a non-empty string, received none',
    );
    const bad = await get(`${sandbox.url}/_admin/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'nope', url: 'http://127.0.0.1:9/' }),
    });
    expect(bad.status).toBe(400);
    const badUrl = await get(`${sandbox.url}/_admin/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'yoti', url: 'not a url', authToken: 'secret-token' }),
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.json.message).toBe(
      'webhooks.yoti.url: expected an absolute http(s) URL, received text that is not a URL',
    );
  });

  it('an unreachable or failing receiver loses notifications without failing advance', async () => {
    const r = await receiver(() => 500);
    const sandbox = await sandboxWith({
      seed: 33,
      sessions: 10,
      webhooks: { yoti: { url: r.url, authToken: 't' } },
    });
    const result = await sandbox.advance({ minutes: 60, progress: 1, create: 2 });
    const n = result.changed.yoti.length + result.created.yoti.length;
    expect(result.webhooks.yoti).toEqual({ sent: n, acknowledged: 0 });
    expect(result.notified).toBe(0);
    expect(r.received).toHaveLength(n);
  });
});
