import { createHmac } from 'node:crypto';
import { verifyWebhook, WebhookVerificationError } from '@idvkit/complycube';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NOW } from '../src/clock.js';
import { ComplyCubeData } from '../src/data/complycube.js';
import { startSandbox } from '../src/index.js';
import { Rng } from '../src/prng.js';
import { complyCubeWebhookSender as sender } from '../src/providers/complycube/webhook-out.js';
import type { SandboxState } from '../src/state.js';
import { WEBHOOK_SENDERS } from '../src/webhooks/senders.js';
import { startWebhookReceiver } from './helpers/webhook-receiver.js';

const SECRET = 'whsec_cc_sandbox_test_secret';
const target = { url: 'https://receiver.example/complycube', secret: SECRET };

/** A state holding only ComplyCube data: the sender reads nothing else. */
function stateWith(data: ComplyCubeData): SandboxState {
  return { complycube: data } as unknown as SandboxState;
}

describe('ComplyCube outbound webhooks', () => {
  it('is registered, and each signed delivery verifies with @idvkit/complycube verifyWebhook', async () => {
    expect(WEBHOOK_SENDERS.complycube).toBe(sender);
    const data = new ComplyCubeData(9, DEFAULT_NOW, 40);
    const withChecks = data.store.all().filter((r) => r.checks.length > 0);
    const events = sender.events(
      stateWith(data),
      withChecks.map((r) => r.id),
    );
    expect(events.length).toBe(withChecks.reduce((n, r) => n + r.checks.length, 0));
    for (const event of events) {
      const signed = await sender.sign(event, target, DEFAULT_NOW);
      // An independent signature with node:crypto over the exact bytes sent.
      expect(signed.headers['Complycube-Signature']).toBe(
        createHmac('sha256', SECRET).update(signed.body).digest('hex'),
      );
      const verified = await verifyWebhook(
        { body: signed.body, headers: signed.headers },
        { secret: SECRET },
      );
      expect(verified).toEqual(event);
      // payload.id is a check id the API serves.
      const found = data.getCheck(String((verified.payload as { id: string }).id));
      expect(found).toBeDefined();
      expect(verified.resourceType).toBe('check');
      expect(verified.type).toBe(
        found?.check.status === 'pending'
          ? 'check.pending'
          : found?.check.status === 'failed'
            ? 'check.failed'
            : 'check.completed',
      );
      if (found?.check.status === 'complete') {
        expect((verified.payload as { outcome: string }).outcome).toBe(found.check.outcome);
      }
    }
  });

  it('a tampered body or a wrong secret is refused; a missing secret is a clear error', async () => {
    const data = new ComplyCubeData(9, DEFAULT_NOW, 40);
    const record = data.store.all().find((r) => r.checks.length > 0);
    const [event] = sender.events(stateWith(data), [record?.id as string]);
    const signed = await sender.sign(event as never, target, DEFAULT_NOW);
    const tampered = signed.body.replace('"check', '"chekk');
    await expect(
      verifyWebhook({ body: tampered, headers: signed.headers }, { secret: SECRET }),
    ).rejects.toThrow(WebhookVerificationError);
    await expect(
      verifyWebhook({ body: signed.body, headers: signed.headers }, { secret: 'whsec_other' }),
    ).rejects.toThrow(WebhookVerificationError);
    expect(() => sender.sign(event as never, { url: target.url }, DEFAULT_NOW)).toThrow(/expected a secret/);
  });

  it('follows a session created through the flow: pending checks after complete, completed ones after it finishes', async () => {
    const data = new ComplyCubeData(9, DEFAULT_NOW, 0);
    const state = stateWith(data);
    const record = data.startFlow('5eb1276d96be4a0008713af5', 'Ada Lovelace', 0, DEFAULT_NOW);
    expect(sender.events(state, [record.id])).toEqual([]);
    data.complete(record, DEFAULT_NOW + 1000);
    const pending = sender.events(state, [record.id]);
    expect(pending.length).toBeGreaterThan(0);
    expect(new Set(pending.map((e) => e.type))).toEqual(new Set(['check.pending']));
    // Moves the processing session on until it is done, as advance does.
    const rng = Rng.from(1, 'test');
    let t = DEFAULT_NOW + 2000;
    while (data.isOpen(record)) {
      t += 1000;
      data.step(rng, record, t);
    }
    const later = sender.events(state, [record.id]);
    expect(record.status).toBe('complete');
    expect(later.every((e) => e.type !== 'check.pending')).toBe(true);
    expect(later.map((e) => e.id)).not.toEqual(pending.map((e) => e.id));
    // The same state gives the same event ids (receivers dedupe on id).
    expect(sender.events(state, [record.id]).map((e) => e.id)).toEqual(later.map((e) => e.id));
  });
});

describe('ComplyCube webhooks from a running sandbox', () => {
  it('completing a flow session sends check.pending events, then advance sends their outcomes; all verify', async () => {
    const receiver = await startWebhookReceiver();
    const sandbox = await startSandbox({
      seed: 4,
      sessions: 5,
      webhooks: { complycube: { url: receiver.url, secret: SECRET } },
    });
    try {
      const headers = {
        Authorization: sandbox.credentials.complycube.apiKey,
        'Content-Type': 'application/json',
      };
      const base = sandbox.baseUrls.complycube;
      const post = async (path: string, body?: unknown) =>
        (
          await fetch(`${base}${path}`, {
            method: 'POST',
            headers,
            ...(body ? { body: JSON.stringify(body) } : {}),
          })
        ).json() as Promise<Record<string, any>>;
      const templateId = (
        (await (await fetch(`${base}/workflowSessions?pageSize=1`, { headers })).json()) as any
      ).items[0].workflowTemplateId as string;
      const client = await post('/clients', {
        type: 'person',
        email: 'ada@example.com',
        personDetails: { firstName: 'Ada', lastName: 'Lovelace' },
      });
      await post('/flow/sessions', {
        clientId: client.id,
        workflowTemplateId: templateId,
        successUrl: 'https://example.com/ok',
        cancelUrl: 'https://example.com/cancel',
      });
      const session = (
        (await (await fetch(`${base}/workflowSessions?clientId=${client.id}`, { headers })).json()) as any
      ).items[0] as { id: string };
      await post(`/workflowSessions/${session.id}/complete`);
      const counts = await sandbox.webhooksSettled();
      expect(counts.complycube.sent).toBe(receiver.received.length);
      expect(counts.complycube.acknowledged).toBe(receiver.received.length);
      const first = await Promise.all(
        receiver.received.map((r) => verifyWebhook({ body: r.body, headers: r.headers }, { secret: SECRET })),
      );
      expect(new Set(first.map((e) => e.type))).toEqual(new Set(['check.pending']));
      const detail = (await (
        await fetch(`${base}/workflowSessions/${session.id}`, { headers })
      ).json()) as any;
      expect(first.map((e) => e.payload?.id).sort()).toEqual(
        (detail.allRelatedChecks as Array<{ checkId: string }>).map((c) => c.checkId).sort(),
      );
      // advance moves the processing session on; its checks' new states go out too.
      const before = receiver.received.length;
      await sandbox.advance({ minutes: 30, progress: 1 });
      await sandbox.webhooksSettled();
      const after = (await (
        await fetch(`${base}/workflowSessions/${session.id}`, { headers })
      ).json()) as any;
      const later = await Promise.all(
        receiver.received
          .slice(before)
          .map((r) => verifyWebhook({ body: r.body, headers: r.headers }, { secret: SECRET })),
      );
      const mine = later.filter((e) => first.some((f) => f.payload?.id === e.payload?.id));
      expect(mine.length).toBe(first.length);
      expect(after.status).toBe('complete'); // with this seed; abandoned would leave checks pending
      expect(mine.every((e) => e.type === 'check.completed' || e.type === 'check.failed')).toBe(true);
    } finally {
      await sandbox.stop();
      await receiver.close();
    }
  });
});
