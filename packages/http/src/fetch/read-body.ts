/** Default of `maxResponseBytes`: 32 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Why {@link readBodyCapped} stopped: the declared or the streamed size passed the limit. */
export class BodyLimitExceeded extends Error {
  constructor(
    readonly contentLength: number | undefined,
    /** The response's status, when the transport knows it. */
    readonly status?: number,
  ) {
    super('response body too large');
  }
}

/**
 * Reads a response body into memory, at most `limit` bytes. Fails before reading anything when `Content-Length`
 * already says more, and as soon as the streamed bytes pass the limit otherwise, cancelling the body so the
 * connection is released instead of drained.
 * @throws BodyLimitExceeded
 */
export async function readBodyCapped(response: Response, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = contentLengthOf(response.headers);
  if (declared !== undefined && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyLimitExceeded(declared);
  }
  if (!response.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyLimitExceeded(undefined);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array<ArrayBuffer>;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function contentLengthOf(headers: Headers): number | undefined {
  const value = headers.get('content-length');
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}
