import { type Check, type ComplyCubeClient, NotFoundError, type RelatedCheck } from '@idvkit/complycube';

/** The largest documented page size (`pageSize` 1–1000). */
export const MAX_PAGE_SIZE = 1000;

/**
 * The checks `ids` of a session of `clientId`, with the fewest requests: one `GET /checks/{id}` for a single
 * check; for several, one listing `GET /checks?clientId=…` (a client's checks are few, so one page) and
 * `GET /checks/{id}` only for a check that listing did not show. A listing with a filter ComplyCube could not
 * read answers 200 with no items, so a miss is always read by id rather than trusted.
 */
export async function fetchChecks(
  client: ComplyCubeClient,
  clientId: string | undefined,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<Check[]> {
  if (ids.length === 0) return [];
  const found = new Map<string, Check>();
  if (ids.length > 1 && clientId) {
    const wanted = new Set(ids);
    for await (const page of client.listChecks({ clientId, pageSize: MAX_PAGE_SIZE }, { signal }).pages()) {
      for (const check of page.items) if (wanted.has(check.id)) found.set(check.id, check);
      if (found.size === wanted.size) break;
    }
  }
  return Promise.all(ids.map((id) => found.get(id) ?? getCheck(client, id, signal)));
}

/** The ids of a session's checks that must be read: those not stored in a final state. */
export function checksToRead(
  related: readonly RelatedCheck[],
  stored: ReadonlyMap<string, unknown>,
): string[] {
  return related.map((r) => r.checkId).filter((id) => !stored.has(id));
}

async function getCheck(client: ComplyCubeClient, id: string, signal: AbortSignal): Promise<Check> {
  try {
    return await client.getCheck(id, { signal });
  } catch (err) {
    // A missing check is a broken record, not a deleted session: quarantine it.
    if (err instanceof NotFoundError)
      throw new Error(`check ${id} named by the workflow session was not found`);
    throw err;
  }
}
