import type { VerifaClient } from '@idvkit/verifa';
import type { FlowInfo } from '../../engine/types.js';

/**
 * Verifa's workflows (`GET /api/v1/workflows`, every page, inactive ones too: older sessions ran them) as the
 * flow catalogue. A key sees only its own environment, and its prefix names it (`vk_live_…`, `vk_sandbox_…`),
 * spelled as sessions spell theirs (`live`, `sandbox`).
 * @see https://docs.withverifa.com/core-concepts/workflows
 */
export async function discoverVerifaWorkflows(
  client: VerifaClient,
  apiKey: string,
  signal: AbortSignal,
): Promise<FlowInfo[]> {
  const environment = keyEnvironment(apiKey);
  const flows: FlowInfo[] = [];
  for await (const wf of client.listWorkflows({}, { signal })) {
    flows.push({
      flowId: wf.id,
      name: wf.name ?? null,
      version: wf.version === null || wf.version === undefined ? null : String(wf.version),
      environment,
    });
  }
  return flows;
}

function keyEnvironment(apiKey: string): string | null {
  if (apiKey.startsWith('vk_live_')) return 'live';
  if (apiKey.startsWith('vk_sandbox_')) return 'sandbox';
  return null;
}
