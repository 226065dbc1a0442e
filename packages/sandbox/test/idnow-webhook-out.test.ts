import { generateKeyPairSync } from 'node:crypto';
import { verifyWebhook, WebhookVerificationError } from '@idvkit/idnow';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdnowData } from '../src/data/idnow.js';
import { type Sandbox, startSandbox } from '../src/index.js';
import { Rng } from '../src/prng.js';
import { IDNOW_WEBHOOK_ISSUER } from '../src/providers/idnow/webhook-keys.js';
import { idnowWebhookSender } from '../src/providers/idnow/webhook-out.js';
import type { SandboxState } from '../src/state.js';
import { WEBHOOK_SENDERS } from '../src/webhooks/senders.js';

// The sender is called directly (the dispatcher that calls it on advance lives elsewhere); the JWKS it is
// verified against is the one a running sandbox serves.
let sandbox: Sandbox;
const NOW = Date.parse('2026-11-01T00:00:00Z');
const data = new IdnowData(3, NOW, 40);
const state = { idnow: data } as SandboxState;
const target = { url: 'https://receiver.example.com/webhooks/idnow' };

beforeAll(async () => {
  sandbox = await startSandbox({ sessions: 0 });
});
afterAll(() => sandbox.stop());

const verify = (body: string, headers: Record<string, string>, audience = target.url) =>
  verifyWebhook(
    { body, headers },
    { jwksUrl: sandbox.baseUrls.idnowJwks, issuer: IDNOW_WEBHOOK_ISSUER, audience },
  );

describe('IDnow webhook sender', () => {
  it('is registered for idnow', () => {
    expect(WEBHOOK_SENDERS.idnow).toBe(idnowWebhookSender);
  });

  it('signs each event as an RS256 JWT body that verifyWebhook accepts with the sandbox JWKS', async () => {
    const ids = data.store
      .all()
      .slice(0, 6)
      .map((r) => r.id);
    const events = idnowWebhookSender.events(state, [...ids, 'unknown-session']);
    expect(events).toHaveLength(6);
    for (const [i, event] of events.entries()) {
      const record = data.store.get(ids[i] as string)!;
      expect(event).toMatchObject({
        eventName: `session.${record.status.toLowerCase()}`,
        environment: record.environment,
        payload: { sessionId: record.id, sessionStatus: record.status },
      });
      const delivery = await idnowWebhookSender.sign(event, target, Date.now());
      expect(delivery.headers).toEqual({ 'Content-Type': 'application/jwt' });
      const header = JSON.parse(Buffer.from(delivery.body.split('.')[0] as string, 'base64url').toString());
      expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: sandbox.credentials.idnow.webhookKeyId });
      const verified = await verify(delivery.body, delivery.headers);
      expect(verified).toEqual({ ...event, eventDeliverId: expect.any(String) });
    }
  });

  it('keeps eventId across re-sends, changes eventDeliverId, and moves eventSequence with the session', async () => {
    const record = data.store.all().find((r) => data.isOpen(r))!;
    const [before] = idnowWebhookSender.events(state, [record.id]);
    const a = await verify((await idnowWebhookSender.sign(before!, target, Date.now())).body, {});
    const b = await verify((await idnowWebhookSender.sign(before!, target, Date.now())).body, {});
    expect(a.eventId).toBe(b.eventId);
    expect(a.eventDeliverId).not.toBe(b.eventDeliverId);
    expect(data.step(new Rng(1), record, record.updatedAt + 1000)).toBe(true);
    const [after] = idnowWebhookSender.events(state, [record.id]);
    expect(after!.eventId).not.toBe(before!.eventId);
    expect(after!.eventSequence as number).toBeGreaterThan(before!.eventSequence as number);
  });

  const reasonOf = (p: Promise<unknown>) =>
    p.then(
      () => 'verified',
      (e: unknown) => (e instanceof WebhookVerificationError ? e.reason : String(e)),
    );

  it('fails verification when tampered, expired, for another audience, or signed by another key', async () => {
    const [event] = idnowWebhookSender.events(state, [data.store.all()[0]!.id]);
    const { body } = await idnowWebhookSender.sign(event!, target, Date.now());
    const [h, p, s] = body.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.data.payload.sessionStatus = 'COMPLETED';
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    expect(await reasonOf(verify(tampered, {}))).toBe('bad_signature');

    const old = await idnowWebhookSender.sign(event!, target, Date.now() - 3600_000);
    expect(await reasonOf(verify(old.body, {}))).toBe('stale_timestamp');
    expect(await reasonOf(verify(body, {}, 'https://someone-else.example.com/hook'))).toBe('claim_mismatch');

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT({ data: event })
      .setProtectedHeader({ alg: 'RS256', kid: sandbox.credentials.idnow.webhookKeyId })
      .setIssuer(IDNOW_WEBHOOK_ISSUER)
      .setAudience(target.url)
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await reasonOf(verify(forged, {}))).toBe('bad_signature');
  });
});
