import type { Fields } from './fields.js';

/**
 * A connection's `webhooks` block: the options of its provider's webhook verifier, by the verifier's own names.
 * The worker's HTTP intake hands them to the client package's verifier.
 */
export type WebhookOptions =
  /** ComplyCube and Verifa: the signing secret of the HMAC signature header. */
  | { kind: 'secret'; secret: string; toleranceSeconds?: number }
  /** IDnow: signed JWTs, checked against the JWKS (and, when given, the issuer and audience). */
  | { kind: 'jwks'; jwksUrl: string; issuer?: string; audience?: string }
  /** Yoti: the token sent in the Authorization header of each notification. */
  | { kind: 'authToken'; authToken: string };

/** Parses one provider's `webhooks` block; every adapter names the one its verifier takes. */
export type WebhookParser = (f: Fields) => WebhookOptions;

/** `{ "secret": "…" }` (ComplyCube, Verifa). */
export function parseSecretWebhooks(f: Fields): WebhookOptions {
  f.only(['secret']);
  return { kind: 'secret', secret: f.string('secret') };
}

/** `{ "secret": "…", "toleranceSeconds"?: 300 }` (Verifa: its signature carries a timestamp, checked within the tolerance). */
export function parseTimestampedSecretWebhooks(f: Fields): WebhookOptions {
  f.only(['secret', 'toleranceSeconds']);
  return {
    kind: 'secret',
    secret: f.string('secret'),
    toleranceSeconds: f.positiveNumber('toleranceSeconds', 300),
  };
}

/** `{ "jwksUrl": "…", "issuer"?: "…", "audience"?: "…" }` (IDnow). */
export function parseJwksWebhooks(f: Fields): WebhookOptions {
  f.only(['jwksUrl', 'issuer', 'audience']);
  const issuer = f.optionalString('issuer');
  const audience = f.optionalString('audience');
  return {
    kind: 'jwks',
    jwksUrl: f.url('jwksUrl'),
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
  };
}

/** `{ "authToken": "…" }` (Yoti). */
export function parseAuthTokenWebhooks(f: Fields): WebhookOptions {
  f.only(['authToken']);
  return { kind: 'authToken', authToken: f.string('authToken') };
}

/** The secret values of a `webhooks` block, for log redaction. */
export function webhookSecrets(w: WebhookOptions | null): string[] {
  if (w?.kind === 'secret') return [w.secret];
  if (w?.kind === 'authToken') return [w.authToken];
  return [];
}
