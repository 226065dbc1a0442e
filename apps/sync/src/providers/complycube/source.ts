import { createComplyCubeClient, type WorkflowSession } from '@idvkit/complycube';
import type { ProviderSource, Scope, SourceContext } from '../../engine/types.js';
import { httpOptions } from '../shared/http-options.js';
import { refsUntil } from '../shared/list-refs.js';
import type { ComplyCubeConfig } from './config.js';
import { checksToRead, fetchChecks, MAX_PAGE_SIZE } from './fetch-checks.js';
import { ListedSessions } from './listed-sessions.js';
import { normalizeComplyCube } from './normalize.js';
import type { ComplyCubePayload } from './payload.js';
import { COMPLYCUBE_SENSITIVE_KEYS } from './sensitive.js';

const SCOPE: Scope = { key: 'default' };

/**
 * ComplyCube, with the fewest requests its API allows:
 * - the list is read 1000 sessions a page (the documented maximum), newest first, with `updatedAfter`, so an
 *   incremental run lists only what changed;
 * - a listed session's list item is its detail (no `GET /workflowSessions/{id}`), see {@link ListedSessions};
 * - a session only names its checks: checks stored in a final state are never read again, and the others are
 *   read with one `GET /checks?clientId=…` (or one `GET /checks/{id}` when there is one), see
 *   {@link fetchChecks}.
 */
export function createComplyCubeSource(config: ComplyCubeConfig, ctx: SourceContext): ProviderSource {
  const client = createComplyCubeClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    ...httpOptions(ctx),
  });
  // The page being fetched, the one listed ahead, and slack for items the engine skipped.
  const listed = new ListedSessions(3 * MAX_PAGE_SIZE);
  return {
    provider: 'complycube',
    discovery: 'list',
    listsByUpdatedAt: true,
    sensitiveKeys: COMPLYCUBE_SENSITIVE_KEYS,
    scopes: () => [SCOPE],
    list: (_scope, window) =>
      refsUntil(
        client
          .listWorkflowSessions({
            pageSize: MAX_PAGE_SIZE,
            ...(window.updatedAfter ? { updatedAfter: window.updatedAfter.toISOString() } : {}),
          })
          .pages(),
        window,
        (s) => {
          listed.put(s);
          return {
            sessionId: s.id,
            scope: SCOPE,
            createdAt: s.createdAt ? new Date(s.createdAt) : null,
            updatedAt: s.updatedAt ? new Date(s.updatedAt) : null,
          };
        },
      ),
    refFor: (sessionId) => ({ sessionId, scope: SCOPE, createdAt: null, updatedAt: null }),
    async fetch(ref, { signal, storedFinalChecks }) {
      const session: WorkflowSession =
        listed.take(ref.sessionId, ref.updatedAt) ??
        (await client.getWorkflowSession(ref.sessionId, { signal }));
      const related = session.allRelatedChecks ?? [];
      const reusedChecks = related.flatMap((r) => {
        const stored = storedFinalChecks.get(r.checkId);
        return stored ? [stored] : [];
      });
      const toRead = checksToRead(related, storedFinalChecks);
      const checks = await fetchChecks(client, session.clientId ?? undefined, toRead, signal);
      const payload: ComplyCubePayload = { session, checks, reusedChecks };
      return { ref, payload };
    },
    normalize: normalizeComplyCube,
  };
}
