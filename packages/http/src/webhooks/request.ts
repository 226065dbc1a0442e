import { WebhookVerificationError } from './verification-error.js';

/** Header values as Node's `IncomingMessage.headers` holds them, or a Fetch API `Headers`. */
export type WebhookHeaders = Record<string, string | string[] | undefined> | Headers;

/**
 * What a webhook verifier needs from the HTTP request. `body` must be the raw bytes (or their exact text) as
 * received: a body parsed and re-serialised as JSON no longer matches its signature.
 */
export interface WebhookRequest {
  body: string | Uint8Array;
  headers: WebhookHeaders;
}

/**
 * Every value of header `name`, looked up case-insensitively; array values are flattened and empty values
 * dropped. A Fetch `Headers` already joins repeated headers with `, `.
 */
export const headerValues = (headers: WebhookHeaders, name: string): string[] => {
  const wanted = name.toLowerCase();
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    const value = headers.get(wanted);
    return value ? [value] : [];
  }
  const out: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (v.trim() !== '') out.push(v.trim());
  }
  return out;
};

/**
 * The one value of header `name`, or `undefined` when it is absent. Several different values (a proxy that
 * duplicated the header) are ambiguous: `malformed`.
 */
export const singleHeader = (headers: WebhookHeaders, name: string, provider: string): string | undefined => {
  const distinct = [...new Set(headerValues(headers, name))];
  if (distinct.length > 1) {
    throw new WebhookVerificationError(
      provider,
      'malformed',
      `expected one ${name} header, received ${distinct.length} different values`,
    );
  }
  return distinct[0];
};

/**
 * The raw body as bytes. Rejects anything but a string or bytes with a hint, because passing an
 * already-parsed JSON object is the usual integration mistake.
 */
export const rawBodyBytes = (body: unknown, provider: string): Buffer => {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const received = body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body;
  throw new WebhookVerificationError(
    provider,
    'malformed',
    `expected the raw request body as a string or Uint8Array, received ${received} (do not parse it before verifying)`,
  );
};

/** Parses a verified body as a JSON object; anything else is `malformed`. */
export const parseJsonObject = (bytes: Uint8Array, provider: string): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new WebhookVerificationError(
      provider,
      'malformed',
      'expected a JSON body, received text that does not parse',
      {
        cause,
      },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const received = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new WebhookVerificationError(provider, 'malformed', `expected a JSON object, received ${received}`);
  }
  return value as Record<string, unknown>;
};
