import * as z from 'zod';
import { describeValue } from './config-error.js';
import { describeRange, type Range } from './limits.js';

/**
 * Building blocks of the config schema. Each carries its own error text, "expected …, received …", so a zod issue
 * becomes the same one-line message the hand-written parser gave (see ./schema-issue.ts for the path).
 */

/** How a received value is shown: {@link describeValue} never shows text (it may be a secret). */
type Show = (value: unknown) => string;

/** Shows a string value quoted (at most `max` characters): only for values that are never secret. */
export const quoted =
  (max = 40): Show =>
  (value) =>
    typeof value === 'string' ? JSON.stringify(value.slice(0, max)) : describeValue(value);

/** The zod `error` option: "expected <what>, received <the value, shown by `show`>". */
export function expected(what: string, show: Show = describeValue) {
  return {
    error: (issue: { input?: unknown }) => `expected ${what}, received ${show(issue.input)}`,
  };
}

/** A string that is not empty or blank. */
export function text(description: string) {
  return z
    .string(expected('a non-empty string'))
    .min(1, expected('a non-empty string'))
    .refine((s) => s.trim() !== '', expected('a non-empty string'))
    .meta({ description });
}

/** A credential: like {@link text}, marked so editors and docs know to take it from `${ENV}`. */
export function secret(description: string) {
  return text(`${description} Secret: write "\${ENV_VAR}" and keep the value out of the file.`);
}

/**
 * An http(s) URL. Its form (absolute, no user:password@, https unless loopback or `allowInsecureHttp`) is
 * checked with the connection's URL policy by `checkUrl` when the connection is built.
 */
export function url(description: string) {
  return text(description).meta({ format: 'uri' });
}

/** An optional {@link url} whose default the built connection fills in (after the URL check). */
export function urlOr(fallback: string, description: string) {
  return url(description).optional().meta({ default: fallback });
}

/** A number within `range` (inclusive), `fallback` when absent; `null` is refused. */
export function inRange(range: Range, fallback: number, description: string) {
  const what = expected(describeRange(range));
  const n = z.number(what).min(range.min, what).max(range.max, what);
  return (range.integer ? n.int(what) : n).default(fallback).meta({ description });
}

/** A positive number (or integer), `fallback` when absent. */
export function positive(fallback: number, description: string, { integer = false } = {}) {
  const what = expected(`a positive ${integer ? 'integer' : 'number'}`);
  const n = z.number(what).positive(what);
  return (integer ? n.int(what) : n).default(fallback).meta({ description });
}

/** true or false, `fallback` when absent. */
export function flag(fallback: boolean, description: string) {
  return z.boolean(expected('true or false')).default(fallback).meta({ description });
}

/** One of `values` (shown quoted on error: they are never secret). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  return z.enum(values, expected(`one of ${values.join(', ')}`, quoted())).meta({ description });
}

/** An object that refuses keys it does not know ("unknown key (expected one of …)"). */
export function strict<S extends z.ZodRawShape>(shape: S, description?: string, unknown = 'unknown key') {
  const keys = Object.keys(shape).join(', ');
  const o = z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${unknown} (expected one of ${keys})`
        : `expected an object, received ${describeValue(issue.input)}`,
  });
  return description ? o.meta({ description }) : o;
}
