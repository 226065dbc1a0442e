import type * as z from 'zod';
import { positive, secret, strict, text, url } from './schema-kit.js';

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

/** The schema of one provider's `webhooks` block; its output is the options its verifier takes. */
export type WebhooksSchema = z.ZodType<WebhookOptions, unknown>;

/** `{ "secret": "…" }` (ComplyCube). */
export const secretWebhooks: WebhooksSchema = strict(
  { secret: secret('The webhook signing secret (HMAC).') },
  'Webhooks: the signing secret of the signature header.',
).transform((w) => ({ kind: 'secret' as const, ...w }));

/** `{ "secret": "…", "toleranceSeconds"?: 300 }` (Verifa: its signature carries a timestamp, checked within the tolerance). */
export const timestampedSecretWebhooks: WebhooksSchema = strict(
  {
    secret: secret('The webhook signing secret (HMAC).'),
    toleranceSeconds: positive(300, 'How old a signed timestamp may be, in seconds.'),
  },
  'Webhooks: the signing secret of the signature header and the age its timestamp may have.',
).transform((w) => ({ kind: 'secret' as const, ...w }));

/** `{ "jwksUrl": "…", "issuer"?: "…", "audience"?: "…" }` (IDnow). */
export const jwksWebhooks: WebhooksSchema = strict(
  {
    jwksUrl: url('Where the keys that sign the webhook JWTs are published (JWKS).'),
    issuer: text('The expected `iss` of the JWTs.').optional(),
    audience: text('The expected `aud` of the JWTs.').optional(),
  },
  'Webhooks: signed JWTs, checked against the JWKS (and the issuer and audience when given).',
).transform((w) => ({ kind: 'jwks' as const, ...w }));

/** `{ "authToken": "…" }` (Yoti). */
export const authTokenWebhooks: WebhooksSchema = strict(
  { authToken: secret('The token Yoti sends in the Authorization header of each notification.') },
  'Webhooks (Yoti notifications): the token of their Authorization header.',
).transform((w) => ({ kind: 'authToken' as const, ...w }));

/** The secret values of a `webhooks` block, for log redaction. */
export function webhookSecrets(w: WebhookOptions | null): string[] {
  if (w?.kind === 'secret') return [w.secret];
  if (w?.kind === 'authToken') return [w.authToken];
  return [];
}
