import { headerValues, isHexSha256, type WebhookHeaders, WebhookVerificationError } from '@idvkit/http';

const PROVIDER = 'verifa';
/** The header Verifa signs deliveries with (looked up case-insensitively). */
export const VERIFA_SIGNATURE_HEADER = 'X-Verifa-Signature';

/** A parsed `X-Verifa-Signature`: the signed timestamp (absent in the legacy form) and the candidate digests. */
export interface VerifaSignatureHeader {
  timestamp: number | undefined;
  signatures: string[];
}

/**
 * Parses `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, or the legacy bare `<hex>`. Repeated headers (an array, or
 * Node's comma-joined duplicates) are read as one list. Unknown schemes (`v0=`, …) are ignored, as Stripe-style
 * receivers do, so Verifa can add one; a list with no usable `v1` is `malformed`.
 */
export const parseSignatureHeader = (headers: WebhookHeaders): VerifaSignatureHeader => {
  const parts = headerValues(headers, VERIFA_SIGNATURE_HEADER)
    .flatMap((value) => value.split(','))
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) {
    throw new WebhookVerificationError(
      PROVIDER,
      'missing_signature',
      `expected an ${VERIFA_SIGNATURE_HEADER} header, received none`,
    );
  }
  const timestamps = new Set<string>();
  const signatures: string[] = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      // Legacy: the bare hex digest.
      if (isHexSha256(part)) signatures.push(part);
      continue;
    }
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamps.add(value);
    else if (key === 'v1') signatures.push(value);
  }
  if (timestamps.size > 1) {
    throw malformed(`one t=, received ${timestamps.size} different ones`);
  }
  const [t] = timestamps;
  if (t !== undefined && !/^\d{1,12}$/.test(t))
    throw malformed('t=<unix seconds>, received a t= that is not an integer');
  const usable = signatures.filter(isHexSha256);
  if (usable.length === 0) throw malformed('t=<unix seconds>,v1=<64 hex digits>, received no such v1');
  return { timestamp: t === undefined ? undefined : Number(t), signatures: usable };
};

const malformed = (expected: string) =>
  new WebhookVerificationError(PROVIDER, 'malformed', `expected ${VERIFA_SIGNATURE_HEADER} as ${expected}`);
