import type { Handler, LoopbackServer, Reply, SeenRequest } from './loopback-server.js';

export const CLIENT_ID = 'test-client';
export const CLIENT_SECRET = 's3cr3t-idnow-client-secret-value';

/** State of a minimal IDnow emulator: issued tokens and the ones that are still valid. */
export interface FakeIdnow {
  issued: string[];
  valid: Set<string>;
  tokenRequests(): SeenRequest[];
  apiRequests(): SeenRequest[];
}

/**
 * Serves `/idnow-auth/oidc/token` (client credentials via HTTP Basic or form body) and hands every other
 * request whose bearer token is valid to `api`; an invalid token gets a 401.
 */
export function fakeIdnow(server: LoopbackServer, api: Handler): FakeIdnow {
  const state: FakeIdnow = {
    issued: [],
    valid: new Set(),
    tokenRequests: () => server.requests.filter((r) => r.url.pathname === '/idnow-auth/oidc/token'),
    apiRequests: () => server.requests.filter((r) => r.url.pathname.startsWith('/idnow/')),
  };
  server.handle(async (req): Promise<Reply> => {
    if (req.url.pathname === '/idnow-auth/oidc/token') return issueToken(req, state);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !state.valid.has(token)) return { status: 401, json: { error: 'invalid_token' } };
    return api(req);
  });
  return state;
}

function issueToken(req: SeenRequest, state: FakeIdnow): Reply {
  const form = new URLSearchParams(req.body);
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const [id, secret] = basic
    ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent)
    : [form.get('client_id'), form.get('client_secret')];
  if (form.get('grant_type') !== 'client_credentials')
    return { status: 400, json: { error: 'unsupported_grant_type' } };
  if (id !== CLIENT_ID || secret !== CLIENT_SECRET) return { status: 401, json: { error: 'invalid_client' } };
  const token = `tok-${state.issued.length + 1}`;
  state.issued.push(token);
  state.valid.add(token);
  return { status: 200, json: { access_token: token, expires_in: 86400, token_type: 'Bearer' } };
}

/** A session list item as IDnow documents it. */
export function listItem(n: number) {
  return {
    sessionId: `session-${n}`,
    sessionStatus: 'COMPLETED',
    flowId: 'flow-1',
    flowVersion: 1,
    environment: 'live',
    subjectId: `subj-${n}`,
    outcome: 'accepted',
    createdAt: '2025-01-07T10:30:00.000Z',
    startedAt: '2025-01-07T10:30:00.000Z',
    updatedAt: '2025-01-07T10:35:00.000Z',
    completedAt: '2025-01-07T10:35:00.000Z',
    expiresAt: null,
    lastStep: { stepId: 'step_end_001', stepDescription: 'Final decision step', verdict: 'accepted' },
  };
}

/** The documented completed-session example. */
export const completedSession = {
  ...listItem(1),
  results: { documentVerification: { type: 'dataBlock', id: 'db-1' } },
};
