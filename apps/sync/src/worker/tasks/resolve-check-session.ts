import { type ComplyCubeClient, NotFoundError } from '@idvkit/complycube';

/** Finds the session a provider's check belongs to by asking the provider; undefined when it knows none. */
export type CheckSessionResolver = (checkId: string, signal: AbortSignal) => Promise<string | undefined>;

/**
 * ComplyCube: a check names its client, not its workflow session, so: `GET /checks/{id}` for the client, then
 * that client's workflow sessions (`GET /workflowSessions?clientId=`) for the one whose `allRelatedChecks` holds
 * the check. Undefined when the check is unknown (404) or no session of its client holds it.
 */
export function complyCubeCheckResolver(client: ComplyCubeClient): CheckSessionResolver {
  return async (checkId, signal) => {
    let clientId: string | undefined;
    try {
      clientId = (await client.getCheck(checkId, { signal })).clientId;
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
    if (!clientId) return undefined;
    for await (const session of client.listWorkflowSessions({ clientId }, { signal })) {
      if (session.allRelatedChecks?.some((c) => c.checkId === checkId)) return session.id;
    }
    return undefined;
  };
}
