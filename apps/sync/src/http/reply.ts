import type { ServerResponse } from 'node:http';
import type { BodyResult } from './read-body.js';
import type { ServerLimits } from './server-limits.js';

/** Answers with a JSON body. */
export function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * Answers with a JSON body and closes the connection once it is sent: for requests whose body was not read to the
 * end (too large, too slow), so the server never waits for the rest.
 */
export function replyAndClose(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'content-type': 'application/json', connection: 'close' })
    .end(JSON.stringify(body));
}

/** Answers a body `readBody` refused (413 too large, 408 too slow) and closes; a client that went away gets nothing. */
export function refuseBody(
  res: ServerResponse,
  reason: Extract<BodyResult, { ok: false }>['reason'],
  limits: Pick<ServerLimits, 'maxBodyBytes' | 'bodyTimeoutMs'>,
): void {
  if (reason === 'too_large')
    replyAndClose(res, 413, { error: 'too_large', detail: `expected at most ${limits.maxBodyBytes} bytes` });
  if (reason === 'timeout')
    replyAndClose(res, 408, {
      error: 'timeout',
      detail: `expected the body within ${limits.bodyTimeoutMs} ms`,
    });
}
