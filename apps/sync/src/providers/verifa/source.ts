import { createVerifaClient, NotFoundError } from '@idvkit/verifa';
import type { ProviderSource, Scope, SourceContext } from '../../engine/types.js';
import { httpOptions } from '../shared/http-options.js';
import { refsUntil } from '../shared/list-refs.js';
import type { VerifaConfig } from './config.js';
import { normalizeVerifa, VERIFA_TERMINAL } from './normalize.js';
import type { VerifaPayload } from './payload.js';
import { VERIFA_SENSITIVE_KEYS } from './sensitive.js';

const SCOPE: Scope = { key: 'default' };
const PAGE_SIZE = 100; // Verifa's cap

/**
 * Verifa lists newest first with limit/offset. The workflow run (which holds the outcome) is fetched only
 * once a session is terminal; before that there is no final status to read.
 */
export function createVerifaSource(config: VerifaConfig, ctx: SourceContext): ProviderSource {
  const client = createVerifaClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    version: config.version,
    ...httpOptions(ctx),
  });
  return {
    provider: 'verifa',
    discovery: 'list',
    listsByUpdatedAt: false,
    sensitiveKeys: VERIFA_SENSITIVE_KEYS,
    scopes: () => [SCOPE],
    list: (_scope, window) =>
      refsUntil(client.listSessions({ limit: PAGE_SIZE }).pages(), window, (s) => ({
        sessionId: s.id,
        scope: SCOPE,
        createdAt: s.created_at ? new Date(s.created_at) : null,
        updatedAt: s.updated_at ? new Date(s.updated_at) : null,
      })),
    refFor: (sessionId) => ({ sessionId, scope: SCOPE, createdAt: null, updatedAt: null }),
    async fetch(ref, { signal }) {
      const session = await client.getSession(ref.sessionId, { signal });
      let workflowRun: VerifaPayload['workflowRun'] = null;
      if (VERIFA_TERMINAL.has(String(session.status).toLowerCase())) {
        try {
          workflowRun = await client.getWorkflowRun(ref.sessionId, { signal });
        } catch (err) {
          // A session created without a workflow has no run.
          if (!(err instanceof NotFoundError)) throw err;
        }
      }
      const payload: VerifaPayload = { session, workflowRun };
      return { ref, payload };
    },
    normalize: normalizeVerifa,
  };
}
