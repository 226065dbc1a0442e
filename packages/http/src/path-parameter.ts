import { defaultPathSerializer, type PathSerializer } from 'openapi-fetch';
import { IdvkitError } from './errors.js';

/**
 * The one id rule of idvkit: 1 to 200 ASCII letters, digits, `.`, `_`, `:` or `-`, starting with a letter or
 * digit. Every documented provider id passes (IDnow and Yoti UUIDs, ComplyCube 24-hex ids, Verifa `ses_…`,
 * `wfl_…`); a dot segment (`.`, `..`), an empty string, a `/`, a control character or an over-long value fails,
 * so an id can never leave the resource path it is put in (`…/sessions/..` would resolve to `…/`).
 */
export const SAFE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** The rule of {@link SAFE_ID_PATTERN} in words, for messages. */
export const SAFE_ID_RULE =
  'an id of 1 to 200 letters, digits, ".", "_", ":" or "-" that starts with a letter or digit';

/** Whether `value` is an id that is safe in a URL path and as a stored key (see {@link SAFE_ID_PATTERN}). */
export function isSafeId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_ID_PATTERN.test(value);
}

/** A path parameter (an id) failed {@link SAFE_ID_PATTERN}; thrown before any request is made. */
export class PathParameterError extends IdvkitError {
  override name = 'PathParameterError';
  /** The name of the parameter, e.g. `sessionId`. */
  readonly parameter: string;
  /** The value received, safe to print: quoted, control characters escaped, truncated (see {@link describeValue}). */
  readonly received: string;

  constructor(init: { parameter: string; value: unknown; where?: string | undefined }) {
    const received = describeValue(init.value);
    super(
      `${init.where ? `${init.where}: ` : ''}expected path parameter \`${init.parameter}\` to be ${SAFE_ID_RULE}, received ${received}`,
    );
    this.parameter = init.parameter;
    this.received = received;
  }
}

/**
 * Returns `value` when it is a safe id; throws otherwise.
 * @param where prefixes the message, e.g. `verifa getSession`.
 * @throws PathParameterError saying what was expected and what was received.
 */
export function assertPathParameter(name: string, value: unknown, where?: string): string {
  if (!isSafeId(value)) throw new PathParameterError({ parameter: name, value, where });
  return value;
}

/**
 * openapi-fetch's path serializer, after checking every parameter of the path template with
 * {@link assertPathParameter}: a bad id throws before the request (and its auth) is made.
 * @param where names the client in messages, e.g. `verifa`; `baseUrl` is cut from the template shown.
 */
export function safePathSerializer(where: string, baseUrl: string): PathSerializer {
  // Per path template (one per operation): its parameter names and where messages say it is.
  const templates = new Map<string, { names: string[]; at: string }>();
  return (url, params) => {
    let parsed = templates.get(url);
    if (!parsed) {
      const template = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
      // `{name}`, or with a style prefix (`{.name}`, `{;name}`) and explode suffix (`{name*}`).
      const names = (url.match(PLACEHOLDER) ?? []).map((p) =>
        p.slice(1, -1).replace(/^[.;]/, '').replace(/\*$/, ''),
      );
      parsed = { names, at: `${where} ${template}` };
      if (templates.size < MAX_TEMPLATES) templates.set(url, parsed);
    }
    for (const name of parsed.names) assertPathParameter(name, params[name], parsed.at);
    return defaultPathSerializer(url, params);
  };
}

/** Templates remembered per client: a client has one per operation; more is a caller building paths. */
const MAX_TEMPLATES = 1_000;

const PLACEHOLDER = /\{[^{}]+\}/g;

const escapeCodePoint = (c: string): string => {
  const code = c.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** Characters shown of a received string before it is cut. */
const SHOWN = 60;
// Control, format (bidi overrides, zero-width), line/paragraph separators and lone surrogates.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|\p{Cs}/gu;

/**
 * A received value as one safe line for a message or a log: a string is quoted with its control and invisible
 * characters escaped (`"a\u0000b"`) and cut after 60 characters (`"aaa…" (5000 characters)`); anything else is
 * named by its type.
 */
export function describeValue(value: unknown): string {
  if (typeof value !== 'string') {
    if (value === null || value === undefined) return String(value);
    if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${value}`;
    if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
    return `a ${typeof value}`;
  }
  const chars = Array.from(value);
  const cut = chars.length > SHOWN;
  const shown = (cut ? chars.slice(0, SHOWN).join('') : value)
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(UNPRINTABLE, escapeCodePoint);
  const quoted = `"${shown}${cut ? '…' : ''}"`;
  return cut ? `${quoted} (${chars.length} characters)` : quoted;
}
