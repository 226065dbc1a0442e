import {
  BadRequestError,
  ConflictError,
  createYotiClient,
  NotFoundError,
  verifyWebhook,
  type YotiClient,
} from '@idvkit/yoti';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { yotiGet } from './helpers/requests.js';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.js';

const AUTH = 'receiver-token';
let sandbox: Sandbox;
let receiver: WebhookReceiver;
let client: YotiClient;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await startSandbox({
    seed: 41,
    sessions: 5,
    webhooks: { yoti: { url: receiver.url, authToken: AUTH, scheme: 'Bearer' } },
  });
  const { sdkId, privateKeyPem } = sandbox.credentials.yoti;
  client = createYotiClient({
    baseUrl: sandbox.baseUrls.yoti,
    sdkId,
    privateKey: privateKeyPem,
    maxRetries: 0,
  });
});
afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

const spec = {
  client_session_token_ttl: 86_400,
  user_tracking_id: 'crm-42',
  requested_checks: [{ type: 'LIVENESS' }],
};

describe('Yoti sessions created through the API', () => {
  it('createSession returns an id and the token; the session exists, ONGOING, and a notification went out', async () => {
    receiver.received.length = 0;
    const created = await client.createSession(spec);
    expect(created.client_session_token_ttl).toBe(86_400);
    expect(typeof created.client_session_token).toBe('string');
    const session = await client.getSession(created.session_id);
    expect(session).toMatchObject({
      session_id: created.session_id,
      state: 'ONGOING',
      user_tracking_id: 'crm-42',
      client_session_token: created.client_session_token,
      checks: [],
    });
    expect(sandbox.yotiSessionIds()).toContain(created.session_id);

    const settled = await sandbox.webhooksSettled();
    expect(settled.yoti.acknowledged).toBeGreaterThanOrEqual(1);
    const [hook] = receiver.received;
    const event = await verifyWebhook({ body: hook!.body, headers: hook!.headers }, { authToken: AUTH });
    expect(event.session_id).toBe(created.session_id);
    // The notification never carries the client session token.
    expect(hook!.body).not.toContain(created.client_session_token);
  });

  it('refuses an invalid specification with 400 and the offending property, echoing no secret', async () => {
    const err = (await client
      .createSession({
        client_session_token_ttl: 60,
        notifications: { endpoint: 'https://x.test/h', auth_token: 'do-not-echo', auth_type: 'DIGEST' },
      })
      .catch((e: unknown) => e)) as BadRequestError;
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err.body as { errors: Array<{ property: string }> }).errors.map((e) => e.property)).toEqual([
      'client_session_token_ttl',
      'notifications.auth_type',
    ]);
    expect(JSON.stringify(err)).not.toContain('do-not-echo');
  });

  it('moves through its states on advance; delete is 409 while checks run, then deletes (404 after)', async () => {
    const { session_id: id } = await client.createSession(spec);
    let sawRunning = false;
    for (let i = 0; i < 12; i++) {
      await sandbox.advance({ minutes: 30, progress: 1 });
      const session = await client.getSession(id);
      if (session.state !== 'ONGOING') break;
      if ((session.checks ?? []).length > 0) {
        sawRunning = true;
        expect(session.checks?.every((c) => c.state === 'CREATED')).toBe(true);
        const conflict = await client.deleteSession(id).catch((e: unknown) => e);
        expect(conflict).toBeInstanceOf(ConflictError);
        expect(conflict).toMatchObject({ status: 409, body: { code: 'SESSION_LOCKED' } });
      }
    }
    expect(sawRunning).toBe(true);
    expect((await client.getSession(id)).state).toBe('COMPLETED');
    await client.deleteSession(id);
    await expect(client.getSession(id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.deleteSession(id)).rejects.toBeInstanceOf(NotFoundError);
    expect(sandbox.truth().yoti.deleted).toContain(id);
  });

  it('expires when its client session token does, unfinished', async () => {
    const { session_id: id } = await client.createSession({ ...spec, client_session_token_ttl: 900 });
    const result = await sandbox.advance({ minutes: 20, progress: 0 });
    expect(result.changed.yoti).toContain(id);
    expect(await client.getSession(id)).toMatchObject({ state: 'EXPIRED', client_session_token_ttl: 0 });
  });

  it('an untouched session can be deleted straight away', async () => {
    const { session_id: id } = await client.createSession(spec);
    await client.deleteSession(id);
    expect(sandbox.yotiSessionIds()).not.toContain(id);
  });

  it('completed API sessions include CONSIDER recommendations', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await client.createSession(spec)).session_id);
    for (let i = 0; i < 12; i++) await sandbox.advance({ minutes: 30, progress: 1 });
    const values = new Set<string>();
    for (const id of ids) {
      const session = await client.getSession(id);
      expect(session.state).toBe('COMPLETED');
      for (const check of session.checks ?? []) values.add(check.report?.recommendation?.value ?? '');
    }
    expect([...values]).toContain('CONSIDER');
    expect(values.has('APPROVE')).toBe(true);
  });

  it('getMedia: bytes for captured media, { withheld: true } for a 204', async () => {
    const truth = sandbox.truth().yoti.sessions;
    let withheld = 0;
    let available = 0;
    for (const { sessionId, session } of truth) {
      const docs = (
        session.resources as {
          id_documents: Array<{
            pages: Array<{ media: { id: string }; frames?: Array<{ media: { id: string } }> }>;
          }>;
        }
      ).id_documents;
      for (const page of docs.flatMap((d) => d.pages)) {
        for (const m of [page.media, ...(page.frames ?? []).map((f) => f.media)]) {
          const media = await client.getMedia(sessionId, m.id);
          if (media.withheld) withheld++;
          else {
            available++;
            expect(media.bytes.byteLength).toBeGreaterThan(0);
          }
        }
      }
    }
    expect(withheld).toBeGreaterThan(0);
    expect(available).toBeGreaterThan(0);
  });

  it('accepts a signing timestamp in seconds (as the docs say) as well as milliseconds', async () => {
    const id = sandbox.yotiSessionIds()[0]!;
    expect(
      (await yotiGet(sandbox, `/sessions/${id}`, { timestamp: Math.floor(Date.now() / 1000) })).status,
    ).toBe(200);
    expect((await yotiGet(sandbox, `/sessions/${id}`, { timestamp: Date.now() - 3_600_000 })).status).toBe(
      401,
    );
  });
});
