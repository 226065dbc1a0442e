import { createVerifaClient, NotFoundError, type Session, type VerifaClient } from '@idvkit/verifa';
import type { ProviderSource, Scope, SourceContext } from '../../engine/types.js';
import { httpOptions } from '../shared/http-options.js';
import { refsUntil } from '../shared/list-refs.js';
import type { VerifaConfig } from './config.js';
import { discoverVerifaWorkflows } from './discover.js';
import { normalizeVerifa, VERIFA_TERMINAL } from './normalize.js';
import type { VerifaPayload, VerifaResult } from './payload.js';
import { ResultsWindow } from './results-window.js';
import { VERIFA_SENSITIVE_KEYS } from './sensitive.js';

const SCOPE: Scope = { key: 'default' };
const PAGE_SIZE = 100; // Verifa's cap
/** Statuses whose session has a result (the decision): `under_review` has one (`needs_review`) and is open. */
const HAS_RESULT = new Set(['completed', 'under_review']);

/**
 * Verifa lists newest first with limit/offset. A fetch reads the session, then only what adds something
 * stored: the result (outcome, reason) once the session has one, from the window's `/results` listing when
 * that is fresh enough (./results-window.ts); and the workflow run (start, completion, last step) once the
 * session is terminal and ran a workflow.
 */
export function createVerifaSource(config: VerifaConfig, ctx: SourceContext): ProviderSource {
  const client = createVerifaClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    version: config.version,
    ...httpOptions(ctx),
  });
  const results = new ResultsWindow(client);
  return {
    provider: 'verifa',
    discovery: 'list',
    listsByUpdatedAt: false,
    sensitiveKeys: VERIFA_SENSITIVE_KEYS,
    discover: (signal) => discoverVerifaWorkflows(client, config.apiKey, signal),
    scopes: () => [SCOPE],
    list: (_scope, window, signal) => {
      results.open(window.stopBefore, signal);
      return refsUntil(client.listSessions({ limit: PAGE_SIZE }, { signal }).pages(), window, (s) => ({
        sessionId: s.id,
        scope: SCOPE,
        createdAt: s.created_at ? new Date(s.created_at) : null,
        updatedAt: s.updated_at ? new Date(s.updated_at) : null,
      }));
    },
    refFor: (sessionId) => ({ sessionId, scope: SCOPE, createdAt: null, updatedAt: null }),
    async fetch(ref, { signal }) {
      const session = await client.getSession(ref.sessionId, { signal });
      const status = String(session.status).toLowerCase();
      const [result, workflowRun] = await Promise.all([
        HAS_RESULT.has(status) ? readResult(client, results, session, signal) : null,
        // Only a terminal run is final; an open one's step is transient and would be re-read on every change.
        // A session with no `workflow_id` ran none (its run is a 404): no request. The engine does not hand a
        // fetch the stored record, so a terminal session fetched again (`--full`, a retention change) reads
        // its run again; incremental runs do not fetch unchanged sessions at all.
        VERIFA_TERMINAL.has(status) && session.workflow_id ? readRun(client, ref.sessionId, signal) : null,
      ]);
      const payload: VerifaPayload = { session, result, workflowRun };
      return { ref, payload };
    },
    normalize: normalizeVerifa,
  };
}

/** The session's result: the window's listed one when fresh enough, else read; null while Verifa has none. */
async function readResult(
  client: VerifaClient,
  results: ResultsWindow,
  session: Session,
  signal: AbortSignal,
): Promise<VerifaResult | null> {
  const listed = await results.lookup(session.id, session.updated_at);
  if (listed) return listed;
  return orNull(client.getSessionResult(session.id, { signal }));
}

function readRun(client: VerifaClient, sessionId: string, signal: AbortSignal) {
  return orNull(client.getWorkflowRun(sessionId, { signal }));
}

/** A 404 (no result yet; no workflow run) as null. */
async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}
