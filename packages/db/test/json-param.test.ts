import { describe, expect, it } from 'vitest';
import { toJsonText } from '../src/load/json-param.js';

/** The definition: every string value cleaned (NUL dropped, lone surrogate → U+FFFD) before stringifying. */
function reference(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) =>
    typeof v === 'string'
      ? v
          // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what the cleaning removes.
          .replace(/\u0000/g, '')
          .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      : v,
  );
}

const PIECES = [
  'a',
  'é',
  '\u0000',
  '\\',
  '\\u0000',
  '\\ud800',
  '"',
  '\n',
  '\uD800',
  '\uDC00',
  '😀',
  'u0000',
  '\u001f',
];

describe('toJsonText', () => {
  it('drops NULs and replaces lone surrogates in strings, leaving escaped backslashes and pairs alone', () => {
    // Deterministic pseudo-random strings built from the tricky pieces.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2_000; i++) {
      let s = '';
      const n = next() % 8;
      for (let j = 0; j < n; j++) s += PIECES[next() % PIECES.length];
      const value = { s, list: [s, 1, null, { t: s }] };
      expect(toJsonText(value)).toBe(reference(value));
      expect(JSON.parse(toJsonText(value))).toEqual(JSON.parse(reference(value)));
    }
  });

  it('writes null for undefined and null', () => {
    expect(toJsonText(undefined)).toBe('null');
    expect(toJsonText(null)).toBe('null');
    expect(toJsonText({ a: 'x' })).toBe('{"a":"x"}');
  });
});
