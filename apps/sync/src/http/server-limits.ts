import { createServer, type RequestListener, type Server } from 'node:http';

/**
 * What an idvkit HTTP server allows a client, so idle, slow or piled-up connections cannot hold its sockets (and
 * file descriptors) for long. Every receiver and the worker's HTTP port create their server with
 * {@link createLimitedServer}.
 */
export interface ServerLimits {
  /** Time to receive a request's headers; also closes a connection that sends nothing (answered 408). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body (answered 408). */
  requestTimeoutMs: number;
  /** Time the handler waits for a body once it starts reading it (see `readBody`). */
  bodyTimeoutMs: number;
  /** Time an idle keep-alive connection stays open after a response. */
  keepAliveTimeoutMs: number;
  /** Open connections at most; further ones are closed unserved until some close. */
  maxConnections: number;
  /** Request headers parsed at most (more are dropped). */
  maxHeadersCount: number;
  /** Bytes of request line and headers at most (answered 431). */
  maxHeaderBytes: number;
  /** Bytes of body at most (answered 413). */
  maxBodyBytes: number;
}

export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  bodyTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
  maxHeadersCount: 100,
  maxHeaderBytes: 16 * 1024,
  maxBodyBytes: 64 * 1024,
});

/** The defaults with `overrides` applied; throws a RangeError naming the first limit that is not usable. */
export function resolveServerLimits(overrides: Partial<ServerLimits> = {}): ServerLimits {
  const limits = { ...DEFAULT_SERVER_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof ServerLimits, unknown][]) {
    if (!(key in DEFAULT_SERVER_LIMITS)) throw new RangeError(`server limit ${key}: unknown limit`);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`server limit ${key}: expected a positive integer, received ${String(value)}`);
    }
    limits[key] = value;
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new RangeError(
      `server limit headersTimeoutMs: expected at most requestTimeoutMs (${limits.requestTimeoutMs}), received ${limits.headersTimeoutMs}`,
    );
  }
  return limits;
}

/**
 * A `node:http` server with `limits` applied. Node checks the header and request timeouts on an interval
 * (30 s by default, so a 10 s timeout could take 40 s); the interval here is a quarter of the shorter timeout,
 * at most a second.
 */
export function createLimitedServer(limits: ServerLimits, handler: RequestListener): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
      maxHeaderSize: limits.maxHeaderBytes,
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  server.maxHeadersCount = limits.maxHeadersCount;
  return server;
}
