import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { SANDBOX_CREDENTIALS } from '../../credentials.js';
import type { JsonObject } from '../../types.js';

/** `iss` of the sandbox's IDnow webhook JWTs (the real value is not documented). */
export const IDNOW_WEBHOOK_ISSUER = 'idvkit-sandbox-idnow';
/** Lifetime of a webhook JWT (`exp - iat`), in seconds. */
export const IDNOW_WEBHOOK_TTL_SECONDS = 600;

let privateKey: KeyObject | undefined;

/** The sandbox-only key IDnow webhooks are signed with (`credentials.idnow.webhookPrivateKeyPem`). */
export function idnowWebhookKey(): KeyObject {
  privateKey ??= createPrivateKey(SANDBOX_CREDENTIALS.idnow.webhookPrivateKeyPem);
  return privateKey;
}

/** The JWKS the sandbox's IDnow auth server publishes: the public half of {@link idnowWebhookKey}. */
export function idnowJwks(): JsonObject {
  const jwk = createPublicKey(idnowWebhookKey()).export({ format: 'jwk' }) as JsonObject;
  return { keys: [{ ...jwk, kid: SANDBOX_CREDENTIALS.idnow.webhookKeyId, alg: 'RS256', use: 'sig' }] };
}
