import type { IncomingMessage } from 'node:http';

/** A request body, or why there is none: too large, too slow, or the client went away. */
export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; reason: 'too_large' | 'timeout' | 'aborted' };

/**
 * Reads a request body of at most `maxBytes` within `timeoutMs` of starting. On `too_large` or `timeout` reading
 * stops: answer with `Connection: close` (see `replyAndClose`) so the rest of the body is never waited for.
 */
export function readBody(
  req: IncomingMessage,
  limits: { maxBytes: number; timeoutMs: number },
): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData); // the 'error' listener stays: a later reset must not become an uncaught error
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return finish({ ok: false, reason: 'too_large' });
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks) });
    const onClose = () => finish({ ok: false, reason: 'aborted' });
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), limits.timeoutMs);
    req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
  });
}
