import type { Session, WorkflowRun } from '@idvkit/verifa';

/** What a Verifa fetch returns: the session and, once it is terminal, its workflow run (null when none). */
export interface VerifaPayload {
  session: Session;
  workflowRun: WorkflowRun | null;
}
