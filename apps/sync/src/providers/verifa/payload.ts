import type { ResultListItem, Session, SessionResult, WorkflowRun } from '@idvkit/verifa';

/** A session's decision: read per session (`/sessions/{id}/result`) or taken from `GET /results`. */
export type VerifaResult = SessionResult | ResultListItem;

/**
 * What a Verifa fetch returns: the session; its result (the decision) once the session is `completed` or
 * `under_review`, else null (also null while Verifa answers 404, not ready); and the workflow run of a
 * terminal session that ran a workflow, else null.
 */
export interface VerifaPayload {
  session: Session;
  result?: VerifaResult | null;
  workflowRun: WorkflowRun | null;
}
