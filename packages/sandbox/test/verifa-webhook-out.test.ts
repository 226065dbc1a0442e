import { createHmac } from 'node:crypto';
import { verifyWebhook, WebhookVerificationError } from '@idvkit/verifa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerifaData } from '../src/data/verifa.js';
import { type Sandbox, startSandbox } from '../src/index.js';
import { verifaWebhookSender } from '../src/providers/verifa/webhook-out.js';
import type { SandboxState } from '../src/state.js';
import { WEBHOOK_SENDERS } from '../src/webhooks/senders.js';
import { SpecValidator } from './helpers/spec.js';

const SECRET = 'whsec_sandbox_test_secret';
const NOW = Date.UTC(2026, 10, 1, 12, 0, 0);
let sandbox: Sandbox;
/**
 * The sender reads only `state.verifa`: an identically seeded VerifaData holds the running sandbox's sessions
 * (checked against its ground truth below).
 */
let state: SandboxState;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 9, sessions: { verifa: 80, idnow: 0, yoti: 0, complycube: 0 } });
  state = { verifa: new VerifaData(9, sandbox.now().getTime(), 80) } as SandboxState;
});
afterAll(() => sandbox.stop());

describe('Verifa outbound webhooks', () => {
  it('is registered as the Verifa sender', () => {
    expect(WEBHOOK_SENDERS.verifa).toBe(verifaWebhookSender);
  });

  it('names each session state as Verifa does (declined for a rejected result)', () => {
    const truth = sandbox.truth().verifa.sessions;
    expect(state.verifa.store.all().map((r) => r.id)).toEqual(truth.map((s) => s.sessionId));
    const events = verifaWebhookSender.events(
      state,
      truth.map((s) => s.sessionId),
    );
    const byId = new Map(events.map((e) => [(e.data as { session_id: string }).session_id, e]));
    const names = new Set<string>();
    for (const s of truth) {
      const event = byId.get(s.sessionId);
      const want =
        s.session.status === 'completed'
          ? {
              approved: 'session.approved',
              rejected: 'session.declined',
              needs_review: 'session.requires-review',
            }[s.decision as string]
          : {
              pending: 'session.created',
              sandbox_pending: 'session.created',
              capturing: 'session.started',
              awaiting_external: 'session.awaiting_external',
              under_review: 'session.requires-review',
              expired: 'session.expired',
            }[s.session.status as string];
      expect(event?.event, `${s.sessionId} ${String(s.session.status)}`).toBe(want);
      if (event) {
        names.add(event.event as string);
        expect(event.data).toMatchObject({ status: s.session.status, external_ref: s.session.external_ref });
        expect(event.idempotency_key).toMatch(/^evt_[0-9a-f]{24}$/);
      }
    }
    const spec = new SpecValidator();
    for (const event of events) {
      expect(
        spec.validate('verifa', '/components/schemas/WebhookEvent', event),
        event.event as string,
      ).toEqual([]);
    }
    expect(names).toContain('session.approved');
    expect(names).toContain('session.declined');
    expect(verifaWebhookSender.events(state, ['ses_unknown'])).toEqual([]);
  });

  it('signs t=…,v1=… over "{t}.{body}": verifyWebhook from @idvkit/verifa accepts it', async () => {
    const [event] = verifaWebhookSender.events(state, [state.verifa.store.all()[0]?.id as string]);
    const delivery = await verifaWebhookSender.sign(
      event as never,
      { url: 'http://127.0.0.1:1/hook', secret: SECRET },
      NOW,
    );
    const t = Math.floor(NOW / 1000);
    const expected = createHmac('sha256', SECRET).update(`${t}.${delivery.body}`).digest('hex');
    expect(delivery.headers['X-Verifa-Signature']).toBe(`t=${t},v1=${expected}`);
    const verified = await verifyWebhook(
      { body: delivery.body, headers: delivery.headers },
      { secret: SECRET, now: new Date(NOW + 60_000) },
    );
    expect(verified).toEqual(event);
    expect(verified.data?.session_id).toBe(state.verifa.store.all()[0]?.id);
  });

  it('a tampered body, another secret or a stale delivery is refused', async () => {
    const [event] = verifaWebhookSender.events(state, [state.verifa.store.all()[1]?.id as string]);
    const delivery = await verifaWebhookSender.sign(event as never, { url: 'http://x', secret: SECRET }, NOW);
    const reason = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: unknown) => (e instanceof WebhookVerificationError ? e.reason : String(e)),
      );
    const now = new Date(NOW);
    expect(
      await reason(
        verifyWebhook({ body: `${delivery.body} `, headers: delivery.headers }, { secret: SECRET, now }),
      ),
    ).toBe('bad_signature');
    expect(await reason(verifyWebhook(delivery, { secret: 'whsec_other', now }))).toBe('bad_signature');
    expect(await reason(verifyWebhook(delivery, { secret: SECRET, now: new Date(NOW + 301_000) }))).toBe(
      'stale_timestamp',
    );
    expect(() => verifaWebhookSender.sign(event as never, { url: 'http://x' }, NOW)).toThrow(
      /expected a secret/,
    );
  });
});
