import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiConnectionError,
  AuthenticationError,
  createIdnowClient,
  type FlowList,
  PaginationError,
} from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, fakeIdnow } from './fake-idnow.js';
import { refusedUrl } from './jwks-server.js';
import { type LoopbackServer, type SeenRequest, startLoopbackServer } from './loopback-server.js';

// The sandbox serves the unpaged shape only when no paging parameter is sent; these cases cover real servers
// that behave otherwise (tests against the sandbox: packages/sandbox/test/idnow-api.test.ts).
let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

const client = () =>
  createIdnowClient({
    baseUrl: `${server.url}/idnow`,
    tokenUrl: `${server.url}/idnow-auth/oidc/token`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    maxRetries: 0,
  });
const flow = (n: number, version?: string | number) => ({
  id: `flow-${n}`,
  name: `Flow ${n}`,
  ...(version === undefined ? {} : { version }),
});
const flowRequests = () => server.requests.filter((r) => r.url.pathname === '/idnow/api/v1/flows/live');

describe('listFlows against servers the sandbox does not emulate', () => {
  it('follows a server that pages by default (dev1), starting without paging parameters', async () => {
    const pages: FlowList[] = [
      { content: [flow(1, 3), flow(2)], page: { size: 2, number: 1, totalElements: 3, totalPages: 2 } },
      { content: [flow(3, '1.0.0')], page: { size: 2, number: 2, totalElements: 3, totalPages: 2 } },
    ];
    fakeIdnow(server, (req: SeenRequest) => ({
      status: 200,
      json: pages[Number(req.url.searchParams.get('page') ?? '1') - 1],
    }));
    const flows = await client().listFlows('live');
    expect(flows).toEqual([
      { flowId: 'flow-1', name: 'Flow 1', version: '3', environment: 'live' },
      { flowId: 'flow-2', name: 'Flow 2', environment: 'live' },
      { flowId: 'flow-3', name: 'Flow 3', version: '1.0.0', environment: 'live' },
    ]);
    expect(flowRequests().map((r) => r.url.search)).toEqual(['', '?page=2&size=2']);
  });

  it('reads an unpaged answer in one request even when pages were asked for (.sx ignores page/size)', async () => {
    fakeIdnow(server, () => ({ status: 200, json: { content: [flow(1, '2.1.0'), flow(2, '1.0.0')] } }));
    const flows = await client().listFlows('live', { pageSize: 1 });
    expect(flows.map((f) => f.version)).toEqual(['2.1.0', '1.0.0']);
    expect(flowRequests()).toHaveLength(1);
  });

  it('throws PaginationError when the server answers the same page again', async () => {
    fakeIdnow(server, () => ({
      status: 200,
      json: { content: [flow(1)], page: { size: 1, number: 1, totalElements: 3, totalPages: 3 } },
    }));
    await expect(client().listFlows('live')).rejects.toThrow(PaginationError);
    expect(flowRequests()).toHaveLength(2);
  });
});

describe('getFile / downloadFile', () => {
  it('returns the bytes of a direct stream (.sx variant) without any redirect', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    fakeIdnow(server, () => ({ status: 200, body: png, headers: { 'content-type': 'image/png' } }));
    const file = await client().getFile('live', 'vault-1');
    expect(file).toEqual({ kind: 'content', bytes: new Uint8Array(png), contentType: 'image/png' });
    const downloaded = await client().downloadFile('live', 'vault-1');
    expect(Buffer.from(downloaded.bytes)).toEqual(png);
  });

  it('resolves a relative Location against the API origin and surfaces a storage error as an ApiError', async () => {
    fakeIdnow(server, (req) =>
      req.url.pathname.startsWith('/idnow/api/')
        ? { status: 302, headers: { location: '/storage/vault-1?sig=abc' } }
        : { status: 403, json: { message: 'expired' } },
    );
    const file = await client().getFile('live', 'vault-1');
    expect(file).toEqual({ kind: 'redirect', url: `${server.url}/storage/vault-1?sig=abc` });
    // The fake answers 401 to any request without a bearer token, the storage URL included.
    const err = await client()
      .downloadFile('live', 'vault-1')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({
      operation: 'downloadFile',
      status: 401,
      url: `${server.url}/storage/vault-1`,
    });
    const storage = server.requests.filter((r) => r.url.pathname === '/storage/vault-1');
    expect(storage.map((r) => r.headers.authorization)).toEqual([undefined]);
  });

  it('turns a storage host that refuses the connection into an ApiConnectionError with a redacted URL', async () => {
    const refused = `${new URL(await refusedUrl()).origin}/bucket/vault-1?X-Signature=secret`;
    fakeIdnow(server, () => ({ status: 302, headers: { location: refused } }));
    const err = await client()
      .downloadFile('live', 'vault-1')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(ApiConnectionError);
    expect(err).toMatchObject({ operation: 'downloadFile', url: refused.split('?')[0] });
    expect(String((err as Error).message)).not.toContain('secret');
  });
});
