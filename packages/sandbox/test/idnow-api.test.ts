import {
  BadRequestError,
  createIdnowClient,
  datablocksOf,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
} from '@idvkit/idnow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { get } from './helpers/requests.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5, sessions: { idnow: 60, yoti: 0, complycube: 0, verifa: 0 } });
});
afterAll(() => sandbox.stop());

type Creds = { clientId: string; clientSecret: string };
const client = (creds: Creds = sandbox.credentials.idnow, extra: { fetch?: typeof fetch } = {}) =>
  createIdnowClient({
    baseUrl: sandbox.baseUrls.idnow,
    tokenUrl: sandbox.baseUrls.idnowToken,
    ...creds,
    initialRetryDelayMs: 1,
    ...extra,
  });
const ops = () => sandbox.stats().providers.idnow.byOperation;
const flowId = () => sandbox.idnowFlows[0]?.flowId as string;

describe('listFlows', () => {
  it('reads the unpaged shape (string versions) in one request', async () => {
    sandbox.resetStats();
    const flows = await client().listFlows('live');
    expect(flows).toEqual([
      {
        flowId: flowId(),
        name: 'KYC onboarding (document + liveness + AML)',
        description: 'Document capture, liveness and PEP/sanctions screening',
        version: '3.0.0',
        environment: 'live',
      },
      {
        flowId: sandbox.idnowFlows[2]?.flowId,
        name: 'Age verification (document only)',
        version: '2.0.0',
        environment: 'live',
      },
    ]);
    expect(ops().listFlows).toBe(1);
  });

  it('follows the 1-based paged shape (numeric versions) to the end', async () => {
    sandbox.resetStats();
    const flows = await client().listFlows('staging', { pageSize: 1 });
    expect(flows.map((f) => [f.name, f.version, f.environment])).toEqual([
      ['KYC onboarding (document + liveness + AML)', '3', 'staging'],
      ['Age verification (document only)', '2', 'staging'],
    ]);
    expect(ops().listFlows).toBe(2);
  });

  it('rejects an out-of-range page size with a 400', async () => {
    await expect(client().listFlows('live', { pageSize: 101 })).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('createSession', () => {
  it('stores a CREATED session that advance moves to a terminal state', async () => {
    const created = await client().createSession(flowId(), 'live', {
      input: { basicIdentity: { firstName: 'Erika', lastName: 'Mustermann' } },
      metadata: { subjectId: 'customer-4711', locale: 'de' },
      redirectUrl: 'https://shop.example.com/kyc/return',
      state: 'csrf-123',
    });
    const id = created.sessionContext.sessionId;
    expect(created).toMatchObject({
      flowId: flowId(),
      environment: 'live',
      sessionContext: { sessionStatus: 'CREATED', createdAt: sandbox.now().toISOString() },
    });
    expect(created.playerUrl).toContain(id);
    expect(created.sdkToken).toMatch(/^sdk_/);

    const session = await client().getSession('live', id);
    expect(session).toMatchObject({
      sessionId: id,
      sessionStatus: 'CREATED',
      subjectId: 'customer-4711',
      redirectUrl: 'https://shop.example.com/kyc/return',
      state: 'csrf-123',
      results: {},
    });
    const listed: string[] = [];
    for await (const s of client().listSessions({ flowId: flowId(), environment: 'live', size: 100 })) {
      listed.push(s.sessionId);
    }
    expect(listed).toContain(id);

    const seen = ['CREATED'];
    for (
      let i = 0;
      i < 20 && !['COMPLETED', 'ABORTED', 'ERROR', 'EXPIRED'].includes(seen.at(-1) as string);
      i++
    ) {
      const { changed } = await sandbox.advance({ minutes: 5, progress: 1 });
      const now = (await client().getSession('live', id)).sessionStatus;
      if (changed.idnow.includes(id)) seen.push(now);
    }
    expect(seen[1]).toBe('RUNNING');
    expect(['COMPLETED', 'ABORTED', 'ERROR', 'EXPIRED']).toContain(seen.at(-1));
  });

  it('accepts an empty body (metadata optional in one docs version)', async () => {
    const created = await client().createSession(flowId(), 'staging', {});
    const session = await client().getSession('staging', created.sessionContext.sessionId);
    expect(session.subjectId).toBeNull();
  });

  it('answers 400 for a bad body and 404 for an unknown flow, and never retries without a key', async () => {
    sandbox.resetStats();
    const bad = client().createSession(flowId(), 'live', { metadata: { subjectId: 7 as unknown as string } });
    await expect(bad).rejects.toThrow(/metadata\.subjectId: expected a string, received number/);
    await expect(client().createSession('no-such-flow', 'live', {})).rejects.toBeInstanceOf(NotFoundError);
    sandbox.setFaults('idnow', { failNext: [{ operation: 'createSession', status: 503, count: 1 }] });
    await expect(client().createSession(flowId(), 'live', {})).rejects.toBeInstanceOf(ServerError);
    expect(ops().createSession).toBe(3);
    sandbox.setFaults('idnow', null);
  });

  it('retries a create that carries an idempotency key, with the same key', async () => {
    const keys: Array<string | null> = [];
    const recording: typeof fetch = (input, init) => {
      keys.push(new Headers(init?.headers).get('idempotency-key'));
      return fetch(input, init);
    };
    sandbox.resetStats();
    sandbox.setFaults('idnow', { failNext: [{ operation: 'createSession', status: 503, count: 1 }] });
    const created = await client(sandbox.credentials.idnow, { fetch: recording }).createSession(
      flowId(),
      'live',
      {},
      { idempotencyKey: 'create-1' },
    );
    sandbox.setFaults('idnow', null);
    expect(created.sessionContext.sessionStatus).toBe('CREATED');
    expect(ops().createSession).toBe(2);
    expect(keys.filter((k) => k !== null)).toEqual(['create-1', 'create-1']);
  });
});

describe('environment-scoped API clients', () => {
  const cases: Array<[string, () => Creds, string, string]> = [
    ['live client', () => sandbox.credentials.idnow.live, 'live', 'staging'],
    ['staging client', () => sandbox.credentials.idnow.staging, 'staging', 'live'],
  ];
  for (const [name, creds, own, other] of cases) {
    it(`${name}: allowed on ${own}, 403 on ${other}`, async () => {
      const c = client(creds());
      expect((await c.listFlows(own)).length).toBe(2);
      const err = await c.listFlows(other).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PermissionDeniedError);
      expect((err as PermissionDeniedError).body).toEqual({
        status: 403,
        error: 'forbidden',
        message: `This API client belongs to the '${own}' environment, not '${other}'`,
      });
      await expect(c.createSession(flowId(), other, {})).rejects.toBeInstanceOf(PermissionDeniedError);
    });
  }

  it('issues tokens to the scoped clients by client_secret_basic as well as client_secret_post', async () => {
    const { clientId, clientSecret } = sandbox.credentials.idnow.live;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const basic = await get(sandbox.baseUrls.idnowToken, {
      method: 'POST',
      headers: {
        ...form,
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    const post = await get(sandbox.baseUrls.idnowToken, {
      method: 'POST',
      headers: form,
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    for (const res of [basic, post]) {
      expect(res.status).toBe(200);
      const live = await get(`${sandbox.baseUrls.idnow}/api/v1/flows/live`, {
        headers: { authorization: `Bearer ${res.json.access_token}` },
      });
      const staging = await get(`${sandbox.baseUrls.idnow}/api/v1/flows/staging`, {
        headers: { authorization: `Bearer ${res.json.access_token}` },
      });
      expect([live.status, staging.status]).toEqual([200, 403]);
    }
  });

  it('keeps the default sandbox client working on both environments', async () => {
    expect((await client().listFlows('live')).length).toBe(2);
    expect((await client().listFlows('staging')).length).toBe(2);
  });
});

describe('files', () => {
  const vaultRef = async (): Promise<{ environment: string; vaultEntryId: string }> => {
    for (const s of sandbox.truth().idnow.sessions) {
      const blocks = datablocksOf(s.datablocks as never);
      for (const b of blocks) {
        const ref = (b.content as { frontImage?: { $ref: string; $id: string } } | null)?.frontImage;
        if (ref?.$ref === 'vault') return { environment: s.environment, vaultEntryId: ref.$id };
      }
    }
    throw new Error('no stored document image in the sandbox data');
  };

  it('getFile answers the 302 pre-signed URL; downloadFile fetches it without the bearer token', async () => {
    const { environment, vaultEntryId } = await vaultRef();
    const seen: Array<{ url: string; authorization: string | null; redirect: string | undefined }> = [];
    const recording: typeof fetch = (input, init) => {
      seen.push({
        url: String(input),
        authorization: new Headers(init?.headers).get('authorization'),
        redirect: init?.redirect,
      });
      return fetch(input, init);
    };
    const c = client(sandbox.credentials.idnow, { fetch: recording });
    const file = await c.getFile(environment, vaultEntryId);
    expect(file.kind).toBe('redirect');
    const url = (file as { url: string }).url;
    expect(url).toMatch(/\/idnow-files\/.+\?expires=\d+&signature=[0-9a-f]{64}$/);

    seen.length = 0;
    const downloaded = await c.downloadFile(environment, vaultEntryId);
    expect(downloaded.contentType).toBe('image/png');
    expect(Buffer.from(downloaded.bytes).subarray(1, 4).toString('latin1')).toBe('PNG');
    const api = seen.find((s) => s.url.includes('/api/v1/'));
    const storage = seen.find((s) => s.url.includes('/idnow-files/'));
    expect(api?.authorization).toMatch(/^Bearer /);
    expect(api?.redirect).toBe('manual');
    expect(storage?.authorization).toBeNull();

    const tampered = await get(url.replace(/signature=[0-9a-f]/, 'signature=x'));
    expect(tampered.status).toBe(403);
  });

  it('answers 404 for an unknown vault entry', async () => {
    await expect(client().getFile('live', 'no-such-entry')).rejects.toBeInstanceOf(NotFoundError);
  });
});
