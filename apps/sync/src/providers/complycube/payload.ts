import type { Check, WorkflowSession } from '@idvkit/complycube';
import type { CheckRecord } from '../../engine/types.js';

/** What a ComplyCube fetch returns: the workflow session, its fetched checks and the final ones reused. */
export interface ComplyCubePayload {
  session: WorkflowSession;
  checks: Check[];
  reusedChecks: CheckRecord[];
}
