import { DAY, isoSeconds } from '../clock.js';
import type { JsonObject } from '../types.js';
import type { VerifaData } from './verifa.js';

/** `Workflow` payloads of `GET /api/v1/workflows`: the first is the default, the last is inactive. */
export function renderWorkflows(data: VerifaData): JsonObject[] {
  return data.workflows.map((wf, index) => ({
    id: wf.id,
    name: wf.name,
    description: `${wf.name}: ${wf.nodes.map((n) => n.policy).join(', ')}`,
    version: wf.version,
    is_default: index === 0,
    is_active: wf.active,
    format: 'graph',
    step_count: wf.nodes.length,
    graph: {
      entry: wf.nodes[0]?.id ?? null,
      nodes: wf.nodes.map((n) => ({ id: n.id, policy: n.policy })),
    },
    created_at: isoSeconds(data.start - wf.ageDays[0] * DAY),
    updated_at: isoSeconds(data.start - wf.ageDays[1] * DAY),
  }));
}
