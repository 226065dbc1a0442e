import { describe, expect, it } from 'vitest';
import {
  assertPathParameter,
  createOpenApiClient,
  describeValue,
  isSafeId,
  PathParameterError,
  unwrap,
} from '../src/index.js';

/** The values that must never reach a URL path (issue 15: `..` left `/sessions/{id}`). */
const BAD_IDS: Array<[string, unknown]> = [
  ['a dot-dot segment', '..'],
  ['a dot segment', '.'],
  ['an empty string', ''],
  ['a slash', 'a/b'],
  ['CRLF', 'x\r\ny'],
  ['a NUL byte', 'a\u0000b'],
  ['5,000 characters', 'a'.repeat(5000)],
  ['201 characters', 'a'.repeat(201)],
  ['a leading dot', '.hidden'],
  ['a leading dash', '-a'],
  ['a space', 'a b'],
  ['a percent-encoded dot segment', '%2e%2e'],
  ['a query', 'a?b=1'],
  ['a fragment', 'a#b'],
  ['a backslash', 'a\\..\\b'],
  ['non-ASCII', 'séance'],
  ['a number', 123],
  ['undefined', undefined],
  ['null', null],
];

describe('isSafeId', () => {
  it.each([
    ['IDnow UUIDv7 session id (spec example)', '0197c55f-5af6-7e3d-af9b-f2359b134be8'],
    ['IDnow documented example id', '123'],
    ['IDnow environments', 'live'],
    ['IDnow environments', 'staging'],
    ['Yoti session id (UUIDv4)', '1c3cae90-1769-43a9-8554-d85f2e7cdb0f'],
    ['ComplyCube 24-hex id', '6890d6a9513d1b0002559aa4'],
    ['Verifa session id', 'ses_abc123'],
    ['Verifa workflow id', 'wfl_9f8e7d6c5b4a'],
    ['Verifa example id', 'session_test123'],
    ['Verifa screening check id', 'schk_01HZX3'],
    ['a colon', 'urn:x:1'],
    ['200 characters', 'a'.repeat(200)],
  ])('accepts %s: %s', (_name, id) => {
    expect(isSafeId(id)).toBe(true);
  });

  it.each(BAD_IDS)('refuses %s', (_name, id) => {
    expect(isSafeId(id)).toBe(false);
    expect(() => assertPathParameter('id', id)).toThrow(PathParameterError);
  });
});

describe('describeValue', () => {
  it.each([
    ['a plain id', '..', '".."'],
    ['control characters escaped', 'a\u0000b\r\n', '"a\\u0000b\\u000d\\u000a"'],
    ['a quote and a backslash escaped', 'a"\\', '"a\\"\\\\"'],
    ['a bidi override escaped', 'a\u202eb', '"a\\u202eb"'],
    ['a long value cut with its length', 'x'.repeat(5000), `"${'x'.repeat(60)}…" (5000 characters)`],
    ['a number', 7, 'the number 7'],
    ['undefined', undefined, 'undefined'],
    ['an object', {}, 'an object'],
  ])('%s', (_name, value, want) => {
    expect(describeValue(value)).toBe(want);
  });
});

type Paths = {
  '/sessions/{id}': {
    get: {
      parameters: { path: { id: string } };
      responses: { 200: { content: { 'application/json': { id: string } } } };
    };
  };
};

describe('createOpenApiClient: the path builder', () => {
  const counting = () => {
    const urls: string[] = [];
    const fetch = async (req: Request) => {
      urls.push(req.url);
      return Response.json({ id: 'ok' });
    };
    return { urls, fetch };
  };

  it.each(BAD_IDS)('throws PathParameterError before any request for %s', async (_name, id) => {
    const t = counting();
    const raw = createOpenApiClient<Paths>({
      provider: 'test',
      baseUrl: 'http://127.0.0.1:9/api/v1',
      fetch: t.fetch,
    });
    const call = unwrap('test', 'getSession', () =>
      raw.GET('/sessions/{id}', { params: { path: { id: id as string } } }),
    );
    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PathParameterError);
    expect((err as PathParameterError).parameter).toBe('id');
    expect((err as Error).message).toMatch(
      /^test \/sessions\/\{id\}: expected path parameter `id` to be an id of 1 to 200 letters, digits.*, received /,
    );
    // One line, whatever the value held.
    expect((err as Error).message).not.toMatch(/\p{Cc}/u);
    expect((err as Error).message.length).toBeLessThan(400);
    expect(t.urls).toEqual([]);
  });

  it('builds the path of a good id and makes exactly one request', async () => {
    const t = counting();
    const raw = createOpenApiClient<Paths>({
      provider: 'test',
      baseUrl: 'http://127.0.0.1:9/api/v1/',
      fetch: t.fetch,
    });
    await unwrap('test', 'getSession', () =>
      raw.GET('/sessions/{id}', { params: { path: { id: 'ses_1:a.b-c' } } }),
    );
    expect(t.urls).toEqual(['http://127.0.0.1:9/api/v1/sessions/ses_1%3Aa.b-c']);
  });
});
