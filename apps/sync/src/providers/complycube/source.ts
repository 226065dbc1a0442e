import { type Check, createComplyCubeClient, NotFoundError } from '@idvkit/complycube';
import type { ProviderSource, Scope, SourceContext } from '../../engine/types.js';
import { httpOptions } from '../shared/http-options.js';
import { refsUntil } from '../shared/list-refs.js';
import type { ComplyCubeConfig } from './config.js';
import { normalizeComplyCube } from './normalize.js';
import type { ComplyCubePayload } from './payload.js';
import { COMPLYCUBE_SENSITIVE_KEYS } from './sensitive.js';

const SCOPE: Scope = { key: 'default' };
const PAGE_SIZE = 500;

/**
 * ComplyCube lists newest first and filters by `updatedAfter`, so an incremental run lists only what changed.
 * A workflow session only names its checks: each is fetched with GET /checks/{id}, except checks already
 * stored in a final state.
 */
export function createComplyCubeSource(config: ComplyCubeConfig, ctx: SourceContext): ProviderSource {
  const client = createComplyCubeClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    ...httpOptions(ctx),
  });
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
            pageSize: PAGE_SIZE,
            ...(window.updatedAfter ? { updatedAfter: window.updatedAfter.toISOString() } : {}),
          })
          .pages(),
        window,
        (s) => ({
          sessionId: s.id,
          scope: SCOPE,
          createdAt: s.createdAt ? new Date(s.createdAt) : null,
          updatedAt: s.updatedAt ? new Date(s.updatedAt) : null,
        }),
      ),
    refFor: (sessionId) => ({ sessionId, scope: SCOPE, createdAt: null, updatedAt: null }),
    async fetch(ref, { signal, storedFinalChecks }) {
      const session = await client.getWorkflowSession(ref.sessionId, { signal });
      const related = session.allRelatedChecks ?? [];
      const reusedChecks = related.flatMap((r) => {
        const stored = storedFinalChecks.get(r.checkId);
        return stored ? [stored] : [];
      });
      const checks = await Promise.all(
        related.filter((r) => !storedFinalChecks.has(r.checkId)).map((r) => getCheck(r.checkId, signal)),
      );
      const payload: ComplyCubePayload = { session, checks, reusedChecks };
      return { ref, payload };
    },
    normalize: normalizeComplyCube,
  };

  async function getCheck(id: string, signal: AbortSignal): Promise<Check> {
    try {
      return await client.getCheck(id, { signal });
    } catch (err) {
      // A missing check is a broken record, not a deleted session: quarantine it.
      if (err instanceof NotFoundError)
        throw new Error(`check ${id} named by the workflow session was not found`);
      throw err;
    }
  }
}
