import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { ccHeaders, get, idnowToken, verifaHeaders, yotiGet } from './helpers/requests.js';
import { SpecValidator } from './helpers/spec.js';

const started: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function sandboxWith(options: Parameters<typeof startSandbox>[0]): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  started.push(sandbox);
  return sandbox;
}

/** A local endpoint that records the notifications it receives. */
async function notificationReceiver(): Promise<{
  url: string;
  received: Array<{ auth: string; body: any }>;
}> {
  const received: Array<{ auth: string; body: any }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        auth: String(req.headers.authorization),
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  started.push({ stop: () => new Promise<void>((r) => server.close(() => r())) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/yoti-hook`, received };
}

describe('advance', () => {
  it('moves the clock, bumps updatedAt of changed sessions and shows them in lists and details', async () => {
    const sandbox = await sandboxWith({ seed: 21, sessions: 150 });
    const before = sandbox.now().getTime();
    const result = await sandbox.advance({ minutes: 120, progress: 1, create: 4 });
    const after = sandbox.now().getTime();
    expect(after - before).toBe(120 * 60_000);
    expect(result.now).toBe(sandbox.now().toISOString());
    for (const provider of ['idnow', 'yoti', 'complycube', 'verifa'] as const) {
      expect(result.changed[provider].length, provider).toBeGreaterThan(0);
      expect(result.created[provider]).toHaveLength(4);
    }
    const inWindow = (iso: string) => {
      const t = Date.parse(iso);
      return t > before && t <= after;
    };
    // ComplyCube: the list (newest first) and the detail agree and carry the new updatedAt.
    const cc = await get(`${sandbox.baseUrls.complycube}/workflowSessions?pageSize=1000`, {
      headers: ccHeaders(sandbox),
    });
    const ccById = new Map(cc.json.items.map((i: any) => [i.id, i]));
    for (const id of result.changed.complycube)
      expect(inWindow((ccById.get(id) as any).updatedAt)).toBe(true);
    expect(
      cc.json.items
        .slice(0, 4)
        .map((i: any) => i.id)
        .sort(),
    ).toEqual([...result.created.complycube].sort());
    // IDnow: list updatedAt moved for every changed session.
    const token = await idnowToken(sandbox);
    const idnowItems: any[] = [];
    for (const { flowId, environment } of sandbox.idnowFlows) {
      const list = await get(
        `${sandbox.baseUrls.idnow}/api/v1/flows/${flowId}/${environment}/sessions?size=100`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      idnowItems.push(...list.json.content);
    }
    for (const id of result.changed.idnow)
      expect(inWindow(idnowItems.find((i) => i.sessionId === id).updatedAt)).toBe(true);
    // Verifa detail and Yoti session reflect the change too.
    const vf = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions/${result.changed.verifa[0]}`, {
      headers: verifaHeaders(sandbox),
    });
    expect(inWindow(vf.json.updated_at)).toBe(true);
    const unchangedCount = sandbox.truth().idnow.sessions.length - result.changed.idnow.length - 4;
    expect(unchangedCount).toBeGreaterThan(0);
  });

  it('progress: 1 moves every open session; progress: 0 moves none but expiry still happens', async () => {
    const sandbox = await sandboxWith({ seed: 22, sessions: 200 });
    const open = sandbox
      .truth()
      .complycube.sessions.filter((s) => ['started', 'processing'].includes(String(s.session.status)))
      .map((s) => s.sessionId);
    const still = await sandbox.advance({ minutes: 10, progress: 0 });
    expect(still.changed.complycube).toEqual([]);
    const moved = await sandbox.advance({ minutes: 10, progress: 1 });
    expect([...moved.changed.complycube].sort()).toEqual([...open].sort());
    // Three days later every open IDnow session of the 48-hour flow has expired.
    await sandbox.advance({ minutes: 3 * 24 * 60, progress: 0 });
    const flowWithExpiry = sandbox.truth().idnow.sessions.filter((s) => s.session.expiresAt);
    expect(flowWithExpiry.length).toBeGreaterThan(0);
    for (const s of flowWithExpiry) expect(['CREATED', 'RUNNING']).not.toContain(s.session.sessionStatus);
  });

  it('deletes sessions older than the retention window: 404 afterwards everywhere', async () => {
    const sandbox = await sandboxWith({ seed: 23, sessions: 60 });
    const checksBefore = new Map(
      sandbox.truth().complycube.sessions.map((s) => [s.sessionId, Object.keys(s.checks)]),
    );
    const result = await sandbox.advance({ minutes: 1, progress: 0, deleteOlderThanDays: 30 });
    for (const provider of ['idnow', 'yoti', 'complycube', 'verifa'] as const) {
      expect(result.deleted[provider].length, provider).toBeGreaterThan(0);
      expect(sandbox.truth()[provider].deleted).toEqual(result.deleted[provider]);
    }
    const token = await idnowToken(sandbox);
    const gone = result.deleted;
    const idnowTruth = await startSandbox({ seed: 23, sessions: 60 });
    const env = idnowTruth.truth().idnow.sessions.find((s) => s.sessionId === gone.idnow[0])!.environment;
    await idnowTruth.stop();
    expect(
      (
        await get(`${sandbox.baseUrls.idnow}/api/v1/${env}/sessions/${gone.idnow[0]}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status,
    ).toBe(404);
    expect((await yotiGet(sandbox, `/sessions/${gone.yoti[0]}`)).status).toBe(404);
    const ccId = gone.complycube.find((id) => (checksBefore.get(id) ?? []).length > 0)!;
    expect(
      (await get(`${sandbox.baseUrls.complycube}/workflowSessions/${ccId}`, { headers: ccHeaders(sandbox) }))
        .status,
    ).toBe(404);
    expect(
      (
        await get(`${sandbox.baseUrls.complycube}/checks/${checksBefore.get(ccId)![0]}`, {
          headers: ccHeaders(sandbox),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await get(`${sandbox.baseUrls.verifa}/api/v1/sessions/${gone.verifa[0]}`, {
          headers: verifaHeaders(sandbox),
        })
      ).status,
    ).toBe(404);
    const cutoff = sandbox.now().getTime() - 30 * 86_400_000;
    for (const s of sandbox.truth().complycube.sessions)
      expect(Date.parse(String(s.session.createdAt))).toBeGreaterThanOrEqual(cutoff);
  });

  it('is available over the admin API and validates its options', async () => {
    const sandbox = await sandboxWith({ seed: 24, sessions: 20 });
    const res = await get(`${sandbox.url}/_admin/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ minutes: 30, create: 2 }),
    });
    expect(res.status).toBe(200);
    expect(res.json.created.verifa).toHaveLength(2);
    expect(res.json.now).toBe(sandbox.now().toISOString());
    const bad = await get(`${sandbox.url}/_admin/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ progress: 2 }),
    });
    expect(bad.status).toBe(400);
    await expect(sandbox.advance({ minutes: -1 })).rejects.toThrow(/minutes/);
  });

  it('sends Yoti notifications for changed/created sessions, and replays them on demand', async () => {
    const receiver = await notificationReceiver();
    const sandbox = await sandboxWith({
      seed: 25,
      sessions: 30,
      yotiNotifications: { url: receiver.url, authToken: 'hook-secret', scheme: 'Bearer' },
    });
    const spec = new SpecValidator();
    const result = await sandbox.advance({ minutes: 60, progress: 1, create: 3 });
    const expected = [...result.changed.yoti, ...result.created.yoti];
    expect(result.notified).toBe(expected.length);
    expect(receiver.received.map((r) => r.body.session_id).sort()).toEqual([...expected].sort());
    for (const { auth, body } of receiver.received) {
      expect(auth).toBe('Bearer hook-secret');
      expect(spec.validate('yoti', '/components/schemas/Notification', body)).toEqual([]);
      expect(['session_completion', 'resource_update']).toContain(body.topic);
    }
    receiver.received.length = 0;
    expect(await sandbox.notifyYoti()).toBe(sandbox.yotiSessionIds().length);
    expect(new Set(receiver.received.map((r) => r.body.session_id))).toEqual(
      new Set(sandbox.yotiSessionIds()),
    );
    receiver.received.length = 0;
    const ids = (await get(`${sandbox.url}/_admin/yoti/session-ids`)).json.sessionIds as string[];
    expect(ids).toEqual(sandbox.yotiSessionIds());
    const replay = await get(`${sandbox.url}/_admin/yoti/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionIds: ids.slice(0, 2), topic: 'check_completion' }),
    });
    expect(replay.json.sent).toBe(2);
    expect(receiver.received.map((r) => r.body)).toEqual(
      ids.slice(0, 2).map((id) => ({ session_id: id, topic: 'check_completion' })),
    );
  });

  it('refuses to notify when notifications are not configured', async () => {
    const sandbox = await sandboxWith({ seed: 26, sessions: 3 });
    await expect(sandbox.notifyYoti()).rejects.toThrow(/not configured/);
    expect((await get(`${sandbox.url}/_admin/yoti/notify`, { method: 'POST' })).status).toBe(409);
  });
});
