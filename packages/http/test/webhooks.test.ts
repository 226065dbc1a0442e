import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  headerValues,
  hexDigestEquals,
  hmacSha256,
  parseJsonObject,
  rawBodyBytes,
  secretEquals,
  singleHeader,
  WebhookVerificationError,
} from '../src/index.js';

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookVerificationError);
    return (err as WebhookVerificationError).reason;
  }
  throw new Error('expected a WebhookVerificationError');
};

describe('webhook header lookup', () => {
  it.each([
    ['exact case', { 'X-Sig': 'a' }, ['a']],
    ['other case', { 'x-sig': 'a' }, ['a']],
    ['array values, trimmed, empties dropped', { 'x-sig': [' a ', '', 'b'] }, ['a', 'b']],
    ['two keys differing in case', { 'x-sig': 'a', 'X-SIG': 'b' }, ['a', 'b']],
    ['undefined', { 'x-sig': undefined }, []],
    ['absent', { other: 'a' }, []],
  ])('%s', (_name, headers, want) => {
    expect(headerValues(headers, 'X-Sig')).toEqual(want);
  });

  it('reads a Fetch Headers object', () => {
    expect(headerValues(new Headers({ 'X-Sig': 'a' }), 'x-sig')).toEqual(['a']);
    expect(headerValues(new Headers(), 'x-sig')).toEqual([]);
  });

  it('singleHeader collapses repeats of one value and refuses different values', () => {
    expect(singleHeader({ 'x-sig': ['a', 'a'] }, 'X-Sig', 'p')).toBe('a');
    expect(singleHeader({}, 'X-Sig', 'p')).toBeUndefined();
    expect(reasonOf(() => singleHeader({ 'x-sig': ['a', 'b'] }, 'X-Sig', 'p'))).toBe('malformed');
  });
});

describe('webhook bodies', () => {
  it('takes strings and bytes (including a view into a larger buffer) as raw bytes', () => {
    expect(rawBodyBytes('é', 'p')).toEqual(Buffer.from([0xc3, 0xa9]));
    const big = Buffer.from('xxhelloxx');
    expect(rawBodyBytes(big.subarray(2, 7), 'p').toString()).toBe('hello');
  });

  it.each([
    ['an object', {}],
    ['null', null],
    ['an array', []],
  ])('rejects %s as malformed with a hint', (_name, body) => {
    expect(reasonOf(() => rawBodyBytes(body, 'p'))).toBe('malformed');
  });

  it.each([
    ['not JSON', '{'],
    ['not UTF-8', Buffer.from([0xff, 0xfe])],
    ['a string', '"x"'],
    ['null', 'null'],
  ])('parseJsonObject refuses %s', (_name, body) => {
    expect(reasonOf(() => parseJsonObject(Buffer.from(body), 'p'))).toBe('malformed');
  });
});

describe('constant-time comparisons', () => {
  const digest = createHmac('sha256', 'k').update('a').update('b').digest();

  it('hmacSha256 concatenates its parts', () => {
    expect(hmacSha256('k', 'a', Buffer.from('b'))).toEqual(digest);
  });

  it.each([
    [digest.toString('hex'), true],
    [digest.toString('hex').toUpperCase(), true],
    [digest.toString('hex').slice(0, 62), false],
    [`${digest.toString('hex')}00`, false],
    ['g'.repeat(64), false],
    ['', false],
  ])('hexDigestEquals(%s) → %s', (hex, want) => {
    expect(hexDigestEquals(digest, hex)).toBe(want);
  });

  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', true],
  ])('secretEquals(%s, %s) → %s', (a, b, want) => {
    expect(secretEquals(a, b)).toBe(want);
  });

  it('builds a message that names provider and reason, and serialises without a cause', () => {
    const err = new WebhookVerificationError('p', 'bad_signature', 'expected x, received y', {
      cause: new Error('c'),
    });
    expect(err.message).toBe('p webhook rejected (bad_signature): expected x, received y');
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      name: 'WebhookVerificationError',
      message: err.message,
      provider: 'p',
      reason: 'bad_signature',
    });
  });
});
