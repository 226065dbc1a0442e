import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the test server saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What a handler answers. */
export interface Reply {
  status: number;
  json?: unknown;
  /** A raw body, sent instead of `json` (with the content type given in `headers`). */
  body?: Buffer;
  headers?: Record<string, string>;
}

export type Handler = (req: SeenRequest) => Reply | Promise<Reply>;

/** A real node:http server on 127.0.0.1 with a swappable handler and a log of every request. */
export interface LoopbackServer {
  url: string;
  requests: SeenRequest[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startLoopbackServer(): Promise<LoopbackServer> {
  let handler: Handler = () => ({ status: 500, json: { message: 'no handler' } });
  const requests: SeenRequest[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', 'http://127.0.0.1'),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(seen);
    const reply = await handler(seen);
    const body = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
    res.writeHead(reply.status, {
      ...(reply.json === undefined ? {} : { 'content-type': 'application/json' }),
      ...reply.headers,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(h) {
      handler = h;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
