import type { ServerResponse } from 'node:http';
import type { Reply } from './reply.js';

/** Writes a reply. With `truncateJson`, a JSON body is cut in half (a valid HTTP response, unparseable JSON). */
export function sendReply(
  res: ServerResponse,
  reply: Reply,
  extraHeaders: Record<string, string> = {},
  truncateJson = false,
): void {
  const headers: Record<string, string | number> = { ...extraHeaders, ...reply.headers };
  let body: Buffer | undefined;
  if (reply.json !== undefined) {
    let text = JSON.stringify(reply.json);
    if (truncateJson) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    body = Buffer.from(text, 'utf8');
    headers['Content-Type'] = 'application/json; charset=utf-8';
  } else if (reply.body) {
    body = reply.body;
    headers['Content-Type'] = reply.contentType ?? 'application/octet-stream';
  }
  if (body) headers['Content-Length'] = body.length;
  else if (reply.status !== 204 && reply.status !== 304) headers['Content-Length'] = 0;
  res.writeHead(reply.status, headers);
  res.end(body);
}
