import {
  ApiAbortError,
  ApiConnectionError,
  ApiTimeoutError,
  apiErrorFromResponse,
  redactHeaders,
  redactUrl,
  requestIdOf,
} from '@idvkit/http';
import type { IdnowFile } from './files.js';

const PROVIDER = 'idnow';
const OPERATION = 'downloadFile';

/**
 * GETs a pre-signed file URL with a plain fetch: no `Authorization` (the bearer token must not reach the storage
 * host), no retries (the URL is single-purpose and short-lived). Failures become the usual typed errors; the URL
 * in them is redacted (the signature is in its query string).
 */
export async function downloadPresigned(
  doFetch: typeof fetch,
  url: string,
  opts: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<IdnowFile> {
  const redacted = redactUrl(url);
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await doFetch(url, { signal, redirect: 'follow' });
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    const base = { provider: PROVIDER, operation: OPERATION, method: 'GET', url: redacted, cause };
    if (opts.signal?.aborted) throw new ApiAbortError(base);
    if (timeout.aborted) {
      throw new ApiTimeoutError({
        ...base,
        message: `idnow downloadFile: no response within ${opts.timeoutMs} ms`,
      });
    }
    throw new ApiConnectionError({
      ...base,
      message: `idnow downloadFile: GET ${redacted} failed: ${String(cause)}`,
    });
  }
  if (!response.ok) {
    throw apiErrorFromResponse({
      provider: PROVIDER,
      operation: OPERATION,
      status: response.status,
      method: 'GET',
      url: redacted,
      requestId: requestIdOf(response.headers),
      body: new TextDecoder().decode(bytes.slice(0, 500)),
      headers: redactHeaders(response.headers),
    });
  }
  return { bytes, contentType: response.headers.get('content-type') };
}
