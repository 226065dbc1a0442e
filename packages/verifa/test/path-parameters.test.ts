import { describe, expect, it } from 'vitest';
import { createVerifaClient, PathParameterError, type VerifaClient } from '../src/index.js';

/** Ids that left the resource path before (issue 15): `.` and "" turned `/api/v1/sessions/{id}` into the list. */
const BAD = ['..', '.', '', 'a/b', 'x\r\ny', 'a\u0000b', 'a'.repeat(5000)];

function counted() {
  const calls: string[] = [];
  const client = createVerifaClient({
    baseUrl: 'http://127.0.0.1:9',
    apiKey: 'vk_sandbox_key',
    maxRetries: 0,
    fetch: async (input) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return new Response('{}', { status: 500 });
    },
  });
  return { client, calls };
}

const operations: Record<string, (c: VerifaClient, bad: string) => Promise<unknown>> = {
  'getSession(id)': (c, bad) => c.getSession(bad),
  'getWorkflowRun(id)': (c, bad) => c.getWorkflowRun(bad),
  'getSessionResult(id)': (c, bad) => c.getSessionResult(bad),
  'listDocuments(id)': (c, bad) => c.listDocuments(bad),
};

describe('Verifa client: path parameters', () => {
  const cases = Object.entries(operations).flatMap(([name, call]) =>
    BAD.map((bad) => [name, JSON.stringify(bad).slice(0, 20), bad, call] as const),
  );
  it.each(cases)('%s = %s throws PathParameterError before any request', async (_op, _shown, bad, call) => {
    const { client, calls } = counted();
    await expect(call(client, bad)).rejects.toBeInstanceOf(PathParameterError);
    expect(calls).toEqual([]);
  });
});
