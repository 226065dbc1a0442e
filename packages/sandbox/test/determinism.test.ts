import { describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { ccHeaders, get, idnowToken, verifaHeaders, yotiGet } from './helpers/requests.js';

/** Fetches a broad sweep of endpoints and returns every body (as text, or base64 for binaries). */
async function sweep(sandbox: Sandbox): Promise<string[]> {
  const bodies: string[] = [];
  const token = await idnowToken(sandbox);
  const auth = { authorization: `Bearer ${token}` };
  for (const { flowId, environment } of sandbox.idnowFlows) {
    const list = await get(
      `${sandbox.baseUrls.idnow}/api/v1/flows/${flowId}/${environment}/sessions?size=100`,
      {
        headers: auth,
      },
    );
    bodies.push(list.text);
    for (const item of list.json.content.slice(0, 5)) {
      bodies.push(
        (
          await get(`${sandbox.baseUrls.idnow}/api/v1/${environment}/sessions/${item.sessionId}`, {
            headers: auth,
          })
        ).text,
      );
      bodies.push(
        (
          await get(`${sandbox.baseUrls.idnow}/api/v1/${environment}/sessions/${item.sessionId}/datablocks`, {
            headers: auth,
          })
        ).text,
      );
    }
  }
  for (const id of sandbox.yotiSessionIds().slice(0, 15)) {
    const session = await yotiGet(sandbox, `/sessions/${id}`);
    bodies.push(session.text);
    const media = session.json.resources.id_documents[0]?.pages[0]?.media?.id;
    if (media)
      bodies.push(
        Buffer.from((await yotiGet(sandbox, `/sessions/${id}/media/${media}/content`)).bytes).toString(
          'base64',
        ),
      );
  }
  const cc = await get(`${sandbox.baseUrls.complycube}/workflowSessions?pageSize=1000`, {
    headers: ccHeaders(sandbox),
  });
  bodies.push(cc.text);
  for (const item of cc.json.items.slice(0, 10)) {
    for (const check of item.allRelatedChecks) {
      bodies.push(
        (await get(`${sandbox.baseUrls.complycube}/checks/${check.checkId}`, { headers: ccHeaders(sandbox) }))
          .text,
      );
    }
  }
  const vf = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions?limit=100`, {
    headers: verifaHeaders(sandbox),
  });
  bodies.push(vf.text);
  for (const item of vf.json.data.slice(0, 10)) {
    bodies.push(
      (
        await get(`${sandbox.baseUrls.verifa}/api/v1/sessions/${item.id}/workflow-run`, {
          headers: verifaHeaders(sandbox),
        })
      ).text,
    );
  }
  return bodies;
}

async function run(seed: number): Promise<{ before: string[]; after: string[]; advanced: unknown }> {
  const sandbox = await startSandbox({ seed, sessions: 60 });
  try {
    const before = await sweep(sandbox);
    const advanced = await sandbox.advance({
      minutes: 240,
      create: 5,
      progress: 0.7,
      deleteOlderThanDays: 80,
    });
    const after = await sweep(sandbox);
    return { before, after, advanced };
  } finally {
    await sandbox.stop();
  }
}

describe('determinism', () => {
  it('the same seed gives byte-identical responses, before and after the same advance', async () => {
    const a = await run(42);
    const b = await run(42);
    expect(a.before.length).toBeGreaterThan(50);
    expect(b.before).toEqual(a.before);
    expect(b.advanced).toEqual(a.advanced);
    expect(b.after).toEqual(a.after);
    expect(a.after).not.toEqual(a.before);
  });

  it('a different seed gives different data', async () => {
    const a = await run(42);
    const c = await run(43);
    expect(c.before).not.toEqual(a.before);
    // Not just different ids: the bodies differ nearly everywhere.
    const same = a.before.filter((body, i) => body === c.before[i]).length;
    expect(same).toBeLessThan(a.before.length / 10);
  });

  it('ground truth is identical for the same seed and has unicode personal data', async () => {
    const s1 = await startSandbox({ seed: 7, sessions: 80 });
    const s2 = await startSandbox({ seed: 7, sessions: 80 });
    try {
      const t1 = JSON.stringify(s1.truth());
      expect(JSON.stringify(s2.truth())).toBe(t1);
      expect(t1).toMatch(/[^\x20-\x7e]/);
      const names = s1.truth().complycube.sessions.map((s) => String(s.session.entityName));
      expect(names.some((n) => /[^\x20-\x7e]/.test(n))).toBe(true);
    } finally {
      await Promise.all([s1.stop(), s2.stop()]);
    }
  });
});
