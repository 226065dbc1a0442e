import { verifyWebhook, WebhookVerificationError } from '@idvkit/yoti';
import { describe, expect, it } from 'vitest';
import { YotiData } from '../src/data/yoti.js';
import { yotiWebhookSender } from '../src/providers/yoti/webhook-out.js';
import type { SandboxState } from '../src/state.js';
import { WEBHOOK_SENDERS } from '../src/webhooks/senders.js';
import { SpecValidator } from './helpers/spec.js';

const spec = new SpecValidator();
const yoti = new YotiData(5, Date.UTC(2026, 10, 1), 12);
const state = { yoti } as unknown as SandboxState;
const ids = yoti.store.all().map((r) => r.id);

describe('Yoti webhook sender', () => {
  it('is registered for yoti', () => {
    expect(WEBHOOK_SENDERS.yoti).toBe(yotiWebhookSender);
  });

  it('builds one documented notification per existing session, and none for unknown ids', () => {
    const events = yotiWebhookSender.events(state, [...ids, 'no-such-session']);
    expect(events.map((e) => e.session_id)).toEqual(ids);
    for (const event of events) {
      expect(spec.validate('yoti', '/components/schemas/Notification', event)).toEqual([]);
      expect(['session_completion', 'resource_update']).toContain(event.topic);
    }
  });

  it.each([
    ['Basic', 'user:pa55word', `Basic ${Buffer.from('user:pa55word').toString('base64')}`],
    ['Bearer', 'tok-123', 'Bearer tok-123'],
  ] as const)(
    'signs with Authorization %s, verified by @idvkit/yoti verifyWebhook',
    async (scheme, token, header) => {
      const [event] = yotiWebhookSender.events(state, ids.slice(0, 1));
      const signed = await yotiWebhookSender.sign(
        event!,
        { url: 'http://127.0.0.1/x', authToken: token, scheme },
        Date.now(),
      );
      expect(signed.headers.Authorization).toBe(header);
      expect(signed.headers['Content-Type']).toBe('application/json');
      const verified = await verifyWebhook(
        { body: signed.body, headers: signed.headers },
        { authToken: token },
      );
      expect(verified).toEqual(event);
      const wrong = await verifyWebhook(
        { body: signed.body, headers: signed.headers },
        { authToken: `${token}x` },
      ).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(WebhookVerificationError);
      expect((wrong as WebhookVerificationError).reason).toBe('bad_signature');
    },
  );

  it('refuses to sign without an auth token', () => {
    const [event] = yotiWebhookSender.events(state, ids.slice(0, 1));
    expect(() => yotiWebhookSender.sign(event!, { url: 'http://127.0.0.1/x' }, Date.now())).toThrow(
      /authToken/,
    );
  });
});
