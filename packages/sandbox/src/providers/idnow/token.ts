import { secretEquals } from '../../auth/api-key.js';
import { SANDBOX_CREDENTIALS } from '../../credentials.js';
import { jsonReply, type Reply } from '../../http/reply.js';
import type { RequestContext } from '../../http/router.js';
import type { SandboxState } from '../../state.js';

const { idnow } = SANDBOX_CREDENTIALS;
/** The API clients the auth server knows; IDnow scopes each to one environment (the default one is sandbox-only). */
const CLIENTS: ReadonlyArray<{ clientId: string; clientSecret: string; environment?: string }> = [
  { clientId: idnow.clientId, clientSecret: idnow.clientSecret },
  { ...idnow.live, environment: 'live' },
  { ...idnow.staging, environment: 'staging' },
];

function oauthError(status: number, error: string, description: string, basic = false): Reply {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
  if (basic) headers['WWW-Authenticate'] = 'Basic realm="idnow"';
  return jsonReply(status, { error, error_description: description }, headers);
}

function decodeBasic(header: string): { id: string; secret: string } | null {
  const match = /^Basic\s+(.+)$/i.exec(header.trim());
  if (!match) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
    const form = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: form(decoded.slice(0, colon)), secret: form(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

/**
 * `POST /oidc/token` of the IDnow auth server: the OAuth 2.0 client-credentials grant, with the
 * client authenticated in the form body or by HTTP Basic (not both).
 */
export function createToken(state: SandboxState, ctx: RequestContext): Reply {
  const contentType = String(ctx.req.headers['content-type'] ?? '');
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(ctx.body.toString('utf8'));
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'Missing grant_type');
  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is supported');
  }
  const authorization = ctx.req.headers.authorization;
  const basic = authorization ? decodeBasic(authorization) : null;
  const inBody = form.has('client_id') || form.has('client_secret');
  if (authorization && !basic)
    return oauthError(401, 'invalid_client', 'Unsupported client authentication', true);
  if (basic && inBody) {
    return oauthError(400, 'invalid_request', 'Use only one client authentication method');
  }
  const id = basic?.id ?? form.get('client_id') ?? undefined;
  const secret = basic?.secret ?? form.get('client_secret') ?? undefined;
  const client = CLIENTS.find((c) => secretEquals(id, c.clientId) && secretEquals(secret, c.clientSecret));
  if (!client) return oauthError(401, 'invalid_client', 'Client authentication failed', basic !== null);
  const token = state.idnowTokens.issue(client.environment);
  return jsonReply(
    200,
    { access_token: token, expires_in: state.idnowTokens.ttlSeconds, token_type: 'Bearer' },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}
