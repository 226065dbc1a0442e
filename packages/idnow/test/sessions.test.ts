import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIdnowClient,
  datablockIdOf,
  datablocksOf,
  PaginationError,
  type SessionList,
} from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, completedSession, fakeIdnow, listItem } from './fake-idnow.js';
import { type LoopbackServer, type SeenRequest, startLoopbackServer } from './loopback-server.js';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

const client = () =>
  createIdnowClient({
    baseUrl: `${server.url}/idnow/`,
    tokenUrl: `${server.url}/idnow-auth/oidc/token`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    maxRetries: 0,
  });

function pagedSessions(pages: SessionList[]) {
  return (req: SeenRequest) => {
    const page = Number(req.url.searchParams.get('page'));
    return {
      status: 200,
      json: pages[page] ?? { content: [], page: { size: 2, number: page, totalElements: 0, totalPages: 0 } },
    };
  };
}

const info = (number: number, totalPages: number) => ({ size: 2, number, totalElements: 4, totalPages });
const listRequests = (server: LoopbackServer) =>
  server.requests.filter((r) => r.url.pathname === '/idnow/api/v1/flows/flow-1/live/sessions');

describe('listSessions', () => {
  it('walks 0-based pages and stops on an empty page', async () => {
    // totalPages over-counts, so only the empty third page ends the walk.
    fakeIdnow(
      server,
      pagedSessions([
        { content: [listItem(1), listItem(2)], page: info(0, 5) },
        { content: [listItem(3), listItem(4)], page: info(1, 5) },
        { content: [], page: info(2, 5) },
      ]),
    );

    const ids: string[] = [];
    for await (const s of client().listSessions({
      flowId: 'flow-1',
      environment: 'live',
      size: 2,
      sortBy: 'createdAt',
      sortDesc: true,
    })) {
      ids.push(s.sessionId);
    }

    expect(ids).toEqual(['session-1', 'session-2', 'session-3', 'session-4']);
    const requests = listRequests(server);
    expect(requests.map((r) => r.url.searchParams.get('page'))).toEqual(['0', '1', '2']);
    expect(requests[0]?.url.searchParams.get('size')).toBe('2');
    expect(requests[0]?.url.searchParams.get('sortBy')).toBe('createdAt');
    expect(requests[0]?.url.searchParams.get('sortDesc')).toBe('true');
  });

  it('stops when page.number + 1 reaches totalPages, without requesting more', async () => {
    fakeIdnow(
      server,
      pagedSessions([
        { content: [listItem(1), listItem(2)], page: info(0, 2) },
        { content: [listItem(3)], page: info(1, 2) },
      ]),
    );

    const sessions = await client().listSessions({ flowId: 'flow-1', environment: 'live' }).toArray();

    expect(sessions.map((s) => s.sessionId)).toEqual(['session-1', 'session-2', 'session-3']);
    expect(listRequests(server).map((r) => r.url.searchParams.get('page'))).toEqual(['0', '1']);
  });

  it('starts at startPage', async () => {
    fakeIdnow(
      server,
      pagedSessions([
        { content: [listItem(1)], page: info(0, 2) },
        { content: [listItem(2)], page: info(1, 2) },
      ]),
    );

    const sessions = await client()
      .listSessions({ flowId: 'flow-1', environment: 'live', startPage: 1 })
      .toArray();

    expect(sessions.map((s) => s.sessionId)).toEqual(['session-2']);
  });

  it('throws PaginationError when the list keeps going past its own totalElements', async () => {
    // Fresh items on every page and 1000 pages claimed, but only 4 sessions in total.
    fakeIdnow(server, (req) => {
      const page = Number(req.url.searchParams.get('page'));
      return {
        status: 200,
        json: {
          content: [listItem(2 * page + 1), listItem(2 * page + 2)],
          page: { size: 2, number: page, totalElements: 4, totalPages: 1000 },
        },
      };
    });
    const err = await client()
      .listSessions({ flowId: 'flow-1', environment: 'live' })
      .toArray()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as Error).message).toMatch(/yielded 8 items, more than its own total \(at most 4\)/);
    expect(listRequests(server)).toHaveLength(4);
  });
});

describe('getSession and getDatablocks', () => {
  it('returns the session with its result references', async () => {
    fakeIdnow(server, () => ({ status: 200, json: completedSession }));

    const session = await client().getSession('staging', 'session-1');

    expect(session.results.documentVerification).toEqual({ type: 'dataBlock', id: 'db-1' });
    expect(server.requests.at(-1)?.url.pathname).toBe('/idnow/api/v1/staging/sessions/session-1');
  });

  it.each([
    [
      'current key dataBlocks',
      { dataBlocks: [{ datablockId: 'db-1', type: 'documentVerification', content: null }] },
    ],
    [
      'older key datablocks',
      { datablocks: [{ dataBlockId: 'db-1', type: 'documentVerification', content: null }] },
    ],
  ])('reads datablocks under the %s', async (_name, body) => {
    fakeIdnow(server, () => ({ status: 200, json: body }));

    const list = await client().getDatablocks('live', 'session-1');

    expect(datablocksOf(list).map(datablockIdOf)).toEqual(['db-1']);
    expect(server.requests.at(-1)?.url.pathname).toBe('/idnow/api/v1/live/sessions/session-1/datablocks');
  });
});
