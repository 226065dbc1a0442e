import { describe, expect, it } from 'vitest';
import { type ComplyCubeClient, createComplyCubeClient, PathParameterError } from '../src/index.js';

/** Ids that left the resource path before (issue 15): `..` turned `/workflowSessions/{id}` into `/v1/`. */
const BAD = ['..', '.', '', 'a/b', 'x\r\ny', 'a\u0000b', 'a'.repeat(5000)];

function counted() {
  const calls: string[] = [];
  const client = createComplyCubeClient({
    baseUrl: 'http://127.0.0.1:9/v1',
    apiKey: 'test_key',
    maxRetries: 0,
    fetch: async (input) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return new Response('{}', { status: 500 });
    },
  });
  return { client, calls };
}

const operations: Record<string, (c: ComplyCubeClient, bad: string) => Promise<unknown>> = {
  'getWorkflowSession(id)': (c, bad) => c.getWorkflowSession(bad),
  'getCheck(id)': (c, bad) => c.getCheck(bad),
};

describe('ComplyCube client: path parameters', () => {
  const cases = Object.entries(operations).flatMap(([name, call]) =>
    BAD.map((bad) => [name, JSON.stringify(bad).slice(0, 20), bad, call] as const),
  );
  it.each(cases)('%s = %s throws PathParameterError before any request', async (_op, _shown, bad, call) => {
    const { client, calls } = counted();
    await expect(call(client, bad)).rejects.toBeInstanceOf(PathParameterError);
    expect(calls).toEqual([]);
  });
});
