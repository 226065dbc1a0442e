import { describe, expect, it } from 'vitest';
import { type GroundTruth, startSandbox } from '../src/index.js';

const DAY = 86_400_000;
const t = (v: unknown): number => Date.parse(String(v));

/** Checks time ordering and distributions on a fresh dataset and after a few advances. */
async function truthAfter(advances: number): Promise<{ truth: GroundTruth; now: number; start: number }> {
  const sandbox = await startSandbox({ seed: 77, sessions: 800 });
  const start = sandbox.now().getTime();
  try {
    for (let i = 0; i < advances; i++) await sandbox.advance({ minutes: 45, create: 10, progress: 0.5 });
    return { truth: sandbox.truth(), now: sandbox.now().getTime(), start };
  } finally {
    await sandbox.stop();
  }
}

function share(values: unknown[], value: unknown): number {
  return values.filter((v) => v === value).length / values.length;
}

describe.each([0, 6])('data invariants after %i advances', (advances) => {
  it('timestamps are ordered and within the 90 days before the virtual now', async () => {
    const { truth, now, start } = await truthAfter(advances);
    const lowest = start - 90 * DAY;
    const inRange = (v: unknown) => {
      expect(t(v)).toBeGreaterThanOrEqual(lowest);
      expect(t(v)).toBeLessThanOrEqual(now);
    };
    for (const { session, datablocks } of truth.idnow.sessions) {
      inRange(session.createdAt);
      inRange(session.updatedAt);
      if (session.startedAt) expect(t(session.startedAt)).toBeGreaterThanOrEqual(t(session.createdAt));
      if (session.startedAt) expect(t(session.updatedAt)).toBeGreaterThanOrEqual(t(session.startedAt));
      if (session.completedAt) expect(t(session.completedAt)).toBeLessThanOrEqual(t(session.updatedAt));
      for (const block of (datablocks.dataBlocks as Array<Record<string, unknown>>) ?? []) {
        expect(t(block.createdAt)).toBeGreaterThanOrEqual(t(session.createdAt));
        expect(t(block.createdAt)).toBeLessThanOrEqual(t(session.updatedAt));
      }
    }
    for (const { session } of truth.yoti.sessions) {
      for (const list of Object.values(session.resources as Record<string, Array<Record<string, unknown>>>)) {
        for (const r of list) {
          inRange(r.created_at);
          expect(t(r.last_updated)).toBeGreaterThanOrEqual(t(r.created_at));
        }
      }
      for (const c of session.checks as Array<Record<string, unknown>>) {
        expect(t(c.last_updated)).toBeGreaterThanOrEqual(t(c.created));
        inRange(c.last_updated);
      }
    }
    for (const { session, checks } of truth.complycube.sessions) {
      inRange(session.createdAt);
      inRange(session.updatedAt);
      expect(t(session.updatedAt)).toBeGreaterThanOrEqual(t(session.createdAt));
      if (session.completedAt) {
        expect(t(session.completedAt)).toBeGreaterThanOrEqual(t(session.createdAt));
        expect(t(session.completedAt)).toBeLessThanOrEqual(t(session.updatedAt));
      }
      for (const check of Object.values(checks)) {
        expect(t(check.createdAt)).toBeGreaterThanOrEqual(t(session.createdAt));
        expect(t(check.updatedAt)).toBeGreaterThanOrEqual(t(check.createdAt));
        expect(t(check.updatedAt)).toBeLessThanOrEqual(t(session.updatedAt));
      }
    }
    for (const { session, workflowRun } of truth.verifa.sessions) {
      inRange(session.created_at);
      if (session.updated_at) expect(t(session.updated_at)).toBeGreaterThanOrEqual(t(session.created_at));
      if (session.updated_at) inRange(session.updated_at);
      for (const c of session.checks as Array<Record<string, unknown>>) {
        expect(t(c.created_at)).toBeGreaterThanOrEqual(t(session.created_at));
        if (c.completed_at) expect(t(c.completed_at)).toBeGreaterThanOrEqual(t(c.created_at));
      }
      if (workflowRun?.started_at && workflowRun.completed_at) {
        expect(t(workflowRun.completed_at)).toBeGreaterThanOrEqual(t(workflowRun.started_at));
      }
    }
  });

  it('status and outcome distributions look like production: mostly completed and approved', async () => {
    const { truth } = await truthAfter(advances);
    const idnow = truth.idnow.sessions.map((s) => s.session.sessionStatus);
    expect(share(idnow, 'COMPLETED')).toBeGreaterThan(0.6);
    const idnowOutcomes = truth.idnow.sessions
      .filter((s) => s.session.sessionStatus === 'COMPLETED')
      .map((s) => String(s.session.outcome).toLowerCase());
    expect(share(idnowOutcomes, 'accepted')).toBeGreaterThan(0.6);
    expect(idnowOutcomes).toContain('rejected');
    // Both spellings of the outcome occur, and some sessions omit it.
    const raw = new Set(truth.idnow.sessions.map((s) => s.session.outcome));
    expect(raw).toContain('accepted');
    expect(raw).toContain('ACCEPTED');
    expect(truth.idnow.sessions.some((s) => !('outcome' in s.session))).toBe(true);
    expect(
      truth.idnow.sessions.some((s) => s.session.lastStep && 'stepName' in (s.session.lastStep as object)),
    ).toBe(true);
    const yoti = truth.yoti.sessions.map((s) => s.session.state);
    expect(share(yoti, 'COMPLETED')).toBeGreaterThan(0.6);
    const cc = truth.complycube.sessions.map((s) => s.session.status);
    expect(share(cc, 'complete')).toBeGreaterThan(0.6);
    const ccOutcomes = truth.complycube.sessions
      .filter((s) => s.session.outcome)
      .map((s) => s.session.outcome);
    expect(share(ccOutcomes, 'clear')).toBeGreaterThan(0.6);
    const vf = truth.verifa.sessions.map((s) => s.session.status);
    expect(share(vf, 'completed')).toBeGreaterThan(0.55);
    // Secrets and personal data the sync must handle are present.
    expect(truth.yoti.sessions.some((s) => typeof s.session.client_session_token === 'string')).toBe(true);
    expect(truth.verifa.sessions.some((s) => typeof s.session.consent_ip === 'string')).toBe(true);
    expect(truth.verifa.sessions.some((s) => typeof s.session.capture_url === 'string')).toBe(true);
  });

  it('Yoti outcomes follow the check recommendations; ComplyCube check outcomes follow the session', async () => {
    const { truth } = await truthAfter(advances);
    for (const { session } of truth.yoti.sessions) {
      const values = (session.checks as Array<{ report?: { recommendation: { value: string } } }>).map(
        (c) => c.report?.recommendation.value,
      );
      if (session.state !== 'COMPLETED') expect(values.every((v) => v === undefined)).toBe(true);
      expect(values.filter((v) => v === 'REJECT' || v === 'NOT_AVAILABLE').length).toBeLessThanOrEqual(1);
    }
    for (const { session, checks } of truth.complycube.sessions) {
      const outcomes = Object.values(checks).map(
        (c) => (c.result as { outcome?: string } | undefined)?.outcome,
      );
      if (session.outcome === 'clear') expect(outcomes.every((o) => o === 'clear')).toBe(true);
      if (session.outcome === 'rejected')
        expect(outcomes.some((o) => o === 'rejected' || o === 'match_confirmed')).toBe(true);
      if (session.status === 'complete')
        expect(Object.values(checks).every((c) => c.status !== 'pending')).toBe(true);
    }
  });
});
