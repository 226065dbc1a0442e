import { connect, type Socket } from 'node:net';
import { testDatabases } from '@idvkit/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_LIMITS, resolveServerLimits, type ServerLimits } from '../src/http/server-limits.js';
import { type NotificationReceiver, startNotificationReceiver } from '../src/notifications/receiver.js';
import { silentLogger } from '../src/output/logger.js';

const TOKEN = 'hook-token-0123456789';
const AUTH = `Authorization: Bearer ${TOKEN}\r\n`;

/** A raw loopback client: what it received, and a promise of its close. */
interface RawClient {
  socket: Socket;
  received(): string;
  /** Resolves when the server closed the connection; rejects if it is still open after `boundMs`. */
  closedWithin(boundMs: number): Promise<void>;
}

async function rawClient(url: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let data = '';
  socket.on('data', (chunk: Buffer) => {
    data += chunk.toString();
  });
  socket.on('error', () => undefined); // EPIPE/ECONNRESET once the server cut us off
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    received: () => data,
    closedWithin: (boundMs) => {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`the server left the connection open for more than ${boundMs} ms`));
        }, boundMs);
      });
      return Promise.race([closed, bound]).finally(() => clearTimeout(timer));
    },
  };
}

/** Writes `bytes` one at a time, every `everyMs`, until the socket closes. */
function trickle(socket: Socket, bytes: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) return clearInterval(timer);
    socket.write(bytes[i++ % bytes.length]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

const notification = (sessionId: string) =>
  JSON.stringify({ session_id: sessionId, topic: 'session_completion' });
const post = (receiver: NotificationReceiver, sessionId: string) =>
  fetch(`${receiver.url}/yoti`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: notification(sessionId),
  });

/** The test-side safety bound: 10× the configured limit, plus slack for Node's own keep-alive buffer. */
const bound = (limitMs: number) => 10 * limitMs + 2_000;

describe('the notification receiver protects its sockets', () => {
  const target = testDatabases()[0]!;
  let handle: Awaited<ReturnType<typeof target.open>>;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  const start = (limits: Partial<ServerLimits>) =>
    startNotificationReceiver({ db: handle.db, authToken: TOKEN, log: silentLogger, limits });

  /** Node answers a request it times out with a bare 408, or says nothing when it had received nothing. */
  const nodeTimeout = /^(HTTP\/1\.1 408 [\s\S]*)?$/;
  const cases: [
    string,
    { limits: Partial<ServerLimits>; limit: keyof ServerLimits; send(s: Socket): void; want: RegExp },
  ][] = [
    [
      'an idle connection that sends nothing',
      {
        limits: { headersTimeoutMs: 300 },
        limit: 'headersTimeoutMs',
        send: () => undefined,
        want: nodeTimeout,
      },
    ],
    [
      'a client trickling its headers',
      {
        limits: { headersTimeoutMs: 300 },
        limit: 'headersTimeoutMs',
        send: (s) => {
          s.write('POST /yoti HTTP/1.1\r\nHost: x\r\n');
          trickle(s, 'X-Slow: aaaaaaaaaaaaaaaa\r\n', 20);
        },
        want: nodeTimeout,
      },
    ],
    [
      'an authenticated client trickling its body (the body deadline)',
      {
        limits: { bodyTimeoutMs: 300, requestTimeoutMs: 20_000 },
        limit: 'bodyTimeoutMs',
        send: (s) => {
          s.write(`POST /yoti HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Length: 1000\r\n\r\n`);
          trickle(s, '{', 20);
        },
        want: /^HTTP\/1\.1 408 [\s\S]*connection: close[\s\S]*"error":"timeout"/i,
      },
    ],
    [
      'an authenticated client trickling its body (the request timeout)',
      {
        limits: { bodyTimeoutMs: 20_000, headersTimeoutMs: 300, requestTimeoutMs: 400 },
        limit: 'requestTimeoutMs',
        send: (s) => {
          s.write(`POST /yoti HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Length: 1000\r\n\r\n`);
          trickle(s, '{', 20);
        },
        want: nodeTimeout,
      },
    ],
    [
      'an unauthenticated client trickling a body the receiver never reads',
      {
        limits: { headersTimeoutMs: 300, requestTimeoutMs: 400 },
        limit: 'requestTimeoutMs',
        send: (s) => {
          s.write('POST /yoti HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n');
          trickle(s, '{', 20);
        },
        want: /^HTTP\/1\.1 401 /,
      },
    ],
    [
      'a keep-alive connection left idle after its response',
      {
        limits: { keepAliveTimeoutMs: 200 },
        limit: 'keepAliveTimeoutMs',
        send: (s) => s.write('GET /yoti HTTP/1.1\r\nHost: x\r\n\r\n'),
        want: /^HTTP\/1\.1 405 /,
      },
    ],
  ];

  it.each(cases)('closes %s, and still serves a valid notification', async (_name, c) => {
    const receiver = await start(c.limits);
    try {
      const client = await rawClient(receiver.url);
      c.send(client.socket);
      await client.closedWithin(bound(c.limits[c.limit]!));
      expect(client.received()).toMatch(c.want);
      expect((await post(receiver, `s-${c.limit}`)).status).toBe(204);
    } finally {
      await receiver.close();
    }
  });

  it('answers an oversized body with 413 and closes the connection', async () => {
    const receiver = await start({ maxBodyBytes: 1024, headersTimeoutMs: 300, requestTimeoutMs: 400 });
    try {
      const client = await rawClient(receiver.url);
      client.socket.write(
        `POST /yoti HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Length: 4096\r\n\r\n${'x'.repeat(2048)}`,
      );
      await client.closedWithin(bound(400));
      expect(client.received()).toMatch(/^HTTP\/1\.1 413 [\s\S]*"error":"too_large"/);
      expect((await post(receiver, 's-after-413')).status).toBe(204);
    } finally {
      await receiver.close();
    }
  });

  it('refuses connections beyond maxConnections, and serves again once they are gone', async () => {
    const receiver = await start({ maxConnections: 2, headersTimeoutMs: 1_000 });
    try {
      const held = [await rawClient(receiver.url), await rawClient(receiver.url)];
      const extra = await rawClient(receiver.url);
      extra.socket.write('GET /yoti HTTP/1.1\r\nHost: x\r\n\r\n');
      await extra.closedWithin(bound(1_000));
      expect(extra.received()).toBe(''); // closed unserved: not even a 405
      for (const client of held) await client.closedWithin(bound(1_000));
      expect((await post(receiver, 's-after-cap')).status).toBe(204);
    } finally {
      await receiver.close();
    }
  });
});

describe('resolveServerLimits', () => {
  it('applies overrides to the defaults', () => {
    expect(resolveServerLimits({ maxConnections: 3 })).toEqual({
      ...DEFAULT_SERVER_LIMITS,
      maxConnections: 3,
    });
  });

  it.each([
    [{ headersTimeoutMs: 0 }, 'server limit headersTimeoutMs: expected a positive integer, received 0'],
    [{ maxConnections: 1.5 }, 'server limit maxConnections: expected a positive integer, received 1.5'],
    [{ bodyTimeoutMs: Number.NaN }, 'server limit bodyTimeoutMs: expected a positive integer, received NaN'],
    [
      { headersTimeoutMs: 20, requestTimeoutMs: 10 },
      'server limit headersTimeoutMs: expected at most requestTimeoutMs (10), received 20',
    ],
    [{ nope: 1 } as Partial<ServerLimits>, 'server limit nope: unknown limit'],
  ])('refuses %j', (overrides, message) => {
    expect(() => resolveServerLimits(overrides)).toThrow(new RangeError(message));
  });
});
