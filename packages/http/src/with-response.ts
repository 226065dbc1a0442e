import type { RequestOptions } from './fetch/request-options.js';
import { redactHeaders, requestIdOf } from './redact.js';

/** What {@link withResponse} adds to a successful call's data. */
export interface ResponseMeta {
  status: number;
  /** The provider's request id (`x-request-id`, `request-id`, …), when it sent one. */
  requestId: string | undefined;
  /** Response headers with lower-case names, redacted (no Set-Cookie, Authorization or API keys). */
  headers: Record<string, string>;
}

const seen = new WeakMap<RequestOptions, ResponseMeta>();
/** The options objects `withResponse` made: only their calls' responses are recorded. */
const wanted = new WeakSet<RequestOptions>();

/** Called by `unwrap` on success: remembers the response of the call that was given these options. */
export function recordResponse(options: RequestOptions | undefined, response: Response): void {
  if (!options || !wanted.has(options)) return;
  seen.set(options, {
    status: response.status,
    requestId: requestIdOf(response.headers),
    headers: redactHeaders(response.headers),
  });
}

/**
 * Runs one client operation and returns its data with the response's status, request id and headers:
 * `const { data, requestId } = await withResponse((o) => client.getSession(id, o), { timeoutMs: 5000 })`.
 * `call` must pass the options it is given to the operation (they are how the response is found).
 * @throws TypeError when the operation did not receive the options (so no response was recorded).
 */
export async function withResponse<T>(
  call: (options: RequestOptions) => Promise<T>,
  options: RequestOptions = {},
): Promise<ResponseMeta & { data: T }> {
  const own: RequestOptions = { ...options };
  wanted.add(own);
  const data = await call(own);
  const meta = seen.get(own);
  if (!meta) {
    throw new TypeError(
      'withResponse: expected the callback to pass its options to a client operation, received a call that did not',
    );
  }
  return { data, ...meta };
}
