import { describe, expect, it } from 'vitest';
import { createIdnowClient, PathParameterError } from '../src/index.js';

/** Ids that left the resource path before (issue 15): `..` turned `…/sessions/{id}` into `/api/v1/`. */
const BAD = ['..', '.', '', 'a/b', 'x\r\ny', 'a\u0000b', 'a'.repeat(5000)];
const GOOD = '0197c55f-5af6-7e3d-af9b-f2359b134be8';

/** A client whose injected fetch counts every call (token requests included) and answers nothing useful. */
function counted() {
  const calls: string[] = [];
  const client = createIdnowClient({
    baseUrl: 'http://127.0.0.1:9/idnow',
    tokenUrl: 'http://127.0.0.1:9/oidc/token',
    clientId: 'client',
    clientSecret: 'secret-value',
    maxRetries: 0,
    fetch: async (input) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return new Response('{}', { status: 500 });
    },
  });
  return { client, calls };
}

const operations = {
  'getSession(sessionId)': (c: ReturnType<typeof counted>['client'], bad: string) =>
    c.getSession('live', bad),
  'getSession(environment)': (c: ReturnType<typeof counted>['client'], bad: string) =>
    c.getSession(bad, GOOD),
  'getDatablocks(sessionId)': (c: ReturnType<typeof counted>['client'], bad: string) =>
    c.getDatablocks('live', bad),
  'listSessions(flowId)': (c: ReturnType<typeof counted>['client'], bad: string) =>
    c.listSessions({ flowId: bad, environment: 'live' }).toArray(),
  'listSessions(environment)': (c: ReturnType<typeof counted>['client'], bad: string) =>
    c.listSessions({ flowId: GOOD, environment: bad }).toArray(),
};

describe('IDnow client: path parameters', () => {
  const cases = Object.entries(operations).flatMap(([name, call]) =>
    BAD.map((bad) => [name, JSON.stringify(bad).slice(0, 20), bad, call] as const),
  );
  it.each(cases)('%s = %s throws PathParameterError before any request', async (_op, _shown, bad, call) => {
    const { client, calls } = counted();
    await expect(call(client, bad)).rejects.toBeInstanceOf(PathParameterError);
    expect(calls).toEqual([]);
  });
});
