import { describe, expect, it } from 'vitest';
import { createYotiClient, PathParameterError, type YotiClient } from '../src/index.js';
import { keyPair, SDK_ID } from './fake-yoti.js';

/** Ids that left the resource path before (issue 15): `..` turned `/sessions/{id}` into `/idverify/v1/`. */
const BAD = ['..', '.', '', 'a/b', 'x\r\ny', 'a\u0000b', 'a'.repeat(5000)];
const GOOD = '1c3cae90-1769-43a9-8554-d85f2e7cdb0f';
const { privateKeyPem } = keyPair();

function counted() {
  const calls: string[] = [];
  const client = createYotiClient({
    baseUrl: 'http://127.0.0.1:9/idverify/v1',
    sdkId: SDK_ID,
    privateKey: privateKeyPem,
    maxRetries: 0,
    fetch: async (input) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return new Response('{}', { status: 500 });
    },
  });
  return { client, calls };
}

const operations: Record<string, (c: YotiClient, bad: string) => Promise<unknown>> = {
  'getSession(sessionId)': (c, bad) => c.getSession(bad),
  'getMediaContent(sessionId)': (c, bad) => c.getMediaContent(bad, GOOD),
  'getMediaContent(mediaId)': (c, bad) => c.getMediaContent(GOOD, bad),
};

describe('Yoti client: path parameters', () => {
  const cases = Object.entries(operations).flatMap(([name, call]) =>
    BAD.map((bad) => [name, JSON.stringify(bad).slice(0, 20), bad, call] as const),
  );
  it.each(cases)('%s = %s throws PathParameterError before any request', async (_op, _shown, bad, call) => {
    const { client, calls } = counted();
    await expect(call(client, bad)).rejects.toBeInstanceOf(PathParameterError);
    expect(calls).toEqual([]);
  });
});
