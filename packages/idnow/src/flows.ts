import type { components } from './generated/schema.js';

type Flow = components['schemas']['Flow'];

/**
 * A flow of an environment, the same whichever shape `GET /api/v1/flows/{environment}` answered in.
 * `version` is kept as a string: the .sx docs send `"1.0.0"`, the dev1 docs an optional number (`3` → `"3"`).
 */
export interface IdnowFlowSummary {
  flowId: string;
  name: string;
  version?: string;
  description?: string;
  environment: string;
}

/** Options of `listFlows`. */
export interface ListFlowsOptions {
  /**
   * Ask for pages of this size (1–100, the dev1 docs' paged variant, 1-based pages). Without it the first request
   * carries no paging parameters; a server that pages anyway is still followed page by page.
   */
  pageSize?: number;
}

/** One item of either documented flows shape, normalized; `environment` falls back to the requested one. */
export function flowSummaryOf(flow: Flow, environment: string): IdnowFlowSummary {
  const out: IdnowFlowSummary = {
    flowId: flow.id,
    name: flow.name ?? '',
    environment: flow.environment ?? environment,
  };
  if (flow.version !== undefined && flow.version !== null) out.version = String(flow.version);
  if (flow.description) out.description = flow.description;
  return out;
}
