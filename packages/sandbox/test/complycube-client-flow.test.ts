import {
  BadRequestError,
  type Check,
  createComplyCubeClient,
  NotFoundError,
  ServerError,
  type WorkflowSession,
} from '@idvkit/complycube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 33, sessions: 60 });
});
afterAll(() => sandbox.stop());

const client = () =>
  createComplyCubeClient({
    baseUrl: sandbox.baseUrls.complycube,
    apiKey: sandbox.credentials.complycube.apiKey,
    initialRetryDelayMs: 1,
  });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function templateId(): Promise<{ id: string; name: string }> {
  for await (const first of client().listWorkflowSessions({ pageSize: 1 })) {
    return { id: first.workflowTemplateId as string, name: first.workflowTemplateName as string };
  }
  throw new Error('the sandbox has no workflow session to read a template from');
}

describe('@idvkit/complycube against the sandbox: onboarding a client end to end', () => {
  it('creates a client and a flow session, finds the session, completes it, and sees it advance to an outcome', async () => {
    const cc = client();
    const template = await templateId();
    const person = await cc.createClient({
      type: 'person',
      email: 'grace@example.com',
      personDetails: { firstName: 'Grace', lastName: 'Hopper' },
    });
    expect(person.entityName).toBe('Grace Hopper');
    const flow = await cc.createFlowSession({
      clientId: person.id,
      workflowTemplateId: template.id,
      successUrl: 'https://example.com/done',
      cancelUrl: 'https://example.com/cancel',
    });
    expect(flow.redirectUrl).toMatch(/^https:\/\//);

    const found: WorkflowSession[] = await collect(
      cc.listWorkflowSessions({ clientId: person.id, workflowTemplateId: template.id }),
    );
    expect(found).toHaveLength(1);
    const session = found[0] as WorkflowSession;
    expect(session).toMatchObject({ status: 'started', entityName: 'Grace Hopper' });
    expect(session.workflowTemplateName).toBe(template.name);

    expect(await cc.completeWorkflowSession(session.id)).toEqual({ status: 'processing' });
    const processing = await cc.getWorkflowSession(session.id);
    expect(processing.status).toBe('processing');
    const checks: Check[] = await collect(cc.listChecks({ clientId: person.id }));
    expect(checks.map((c) => c.id).sort()).toEqual(
      (processing.allRelatedChecks ?? []).map((c) => c.checkId).sort(),
    );
    expect(checks.every((c) => c.status === 'pending')).toBe(true);

    // Completing twice is refused; the sandbox then moves the session on by itself.
    await expect(cc.completeWorkflowSession(session.id)).rejects.toBeInstanceOf(BadRequestError);
    const moved = await sandbox.advance({ minutes: 30, progress: 1 });
    expect(moved.changed.complycube).toContain(session.id);
    const done = await cc.getWorkflowSession(session.id);
    expect(['complete', 'abandoned']).toContain(done.status);
    if (done.status === 'complete') expect(done.outcome).toBeDefined();
    const since = await collect(
      cc.listWorkflowSessions({ pageSize: 1000, updatedAfter: processing.updatedAt as string }),
    );
    expect(since.map((s) => s.id)).toContain(session.id);
  });

  it('cancels a started session; unknown ids are NotFoundError', async () => {
    const cc = client();
    const template = await templateId();
    const person = await cc.createClient({
      type: 'company',
      email: 'kyc@acme.example',
      companyDetails: { name: 'Acme Ltd' },
    });
    await cc.createFlowSession({
      clientId: person.id,
      workflowTemplateId: template.id,
      successUrl: 'https://example.com/done',
      cancelUrl: 'https://example.com/cancel',
    });
    const [session] = await collect(cc.listWorkflowSessions({ clientId: person.id }));
    expect(await cc.cancelWorkflowSession(session?.id as string)).toEqual({ status: 'cancelled' });
    expect((await cc.getWorkflowSession(session?.id as string)).status).toBe('cancelled');
    await expect(cc.cancelWorkflowSession('000000000000000000000000')).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      cc.createFlowSession({
        clientId: '000000000000000000000000',
        workflowTemplateId: template.id,
        successUrl: 'https://example.com/done',
        cancelUrl: 'https://example.com/cancel',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a create POST is not retried without an idempotency key, and is retried with one', async () => {
    const cc = client();
    const body = {
      type: 'person' as const,
      email: 'x@example.com',
      personDetails: { firstName: 'X', lastName: 'Y' },
    };
    sandbox.resetStats();
    sandbox.setFaults('complycube', { failNext: [{ operation: 'createClient', status: 500, count: 1 }] });
    await expect(cc.createClient(body)).rejects.toBeInstanceOf(ServerError);
    expect(sandbox.stats().providers.complycube.byOperation.createClient).toBe(1);
    sandbox.setFaults('complycube', { failNext: [{ operation: 'createClient', status: 500, count: 1 }] });
    const created = await cc.createClient(body, { idempotencyKey: 'onboard-x-1' });
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(sandbox.stats().providers.complycube.byOperation.createClient).toBe(3);
    sandbox.setFaults('complycube', null);
  });

  it('lists rejected checks with the breakdown that explains them', async () => {
    const rejected = await collect(client().listChecks({ 'result.outcome': 'rejected', pageSize: 1000 }));
    expect(rejected.length).toBeGreaterThan(0);
    for (const check of rejected) {
      expect(check.result?.outcome).toBe('rejected');
      expect(check.result?.breakdown).toBeDefined();
    }
  });
});
