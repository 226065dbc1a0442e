import { isoMs } from './clock.js';
import { decisionOf, renderResult } from './data/verifa-result.js';
import type { SandboxState } from './state.js';
import type { GroundTruth, JsonObject } from './types.js';

/**
 * The payloads the API returns right now for every session (without injected faults), plus the ids
 * deleted so far. Tests compare a synced database with this.
 */
export function groundTruth(state: SandboxState): GroundTruth {
  const now = state.clock.nowMs();
  const { idnow, yoti, complycube, verifa } = state;
  return {
    now: isoMs(now),
    idnow: {
      sessions: idnow.store.all().map((r) => ({
        sessionId: r.id,
        flowId: (idnow.flows[r.flow] as { flowId: string }).flowId,
        environment: r.environment,
        session: idnow.renderSession(r),
        datablocks: idnow.renderDatablocks(r),
      })),
      deleted: [...idnow.store.deletedIds],
    },
    yoti: {
      sessions: yoti.store.all().map((r) => ({ sessionId: r.id, session: yoti.renderSession(r, now) })),
      deleted: [...yoti.store.deletedIds],
    },
    complycube: {
      sessions: complycube.store.all().map((r) => {
        const checks: Record<string, JsonObject> = {};
        for (const check of r.checks) checks[check.id] = complycube.renderCheck(r, check);
        return { sessionId: r.id, session: complycube.renderSession(r), checks };
      }),
      deleted: [...complycube.store.deletedIds],
    },
    verifa: {
      sessions: verifa.store.all().map((r) => ({
        sessionId: r.id,
        session: verifa.renderSession(r),
        workflowRun: verifa.renderWorkflowRun(r),
        result: renderResult(verifa, r, now),
        decision: decisionOf(r),
      })),
      deleted: [...verifa.store.deletedIds],
    },
  };
}
