/** Strips the query string and credentials from a URL so it can appear in logs and errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return `${u.origin}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

/** Reads the provider's request id from the usual response headers. */
export function requestIdOf(headers: Headers): string | undefined {
  for (const name of ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-correlation-id', 'traceparent']) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** Header names that may carry a secret: never copied into errors or response metadata. */
const SECRET_HEADER = /cookie|authorization|auth-token|token|secret|api-?key|signature|session/i;

/**
 * Response headers as a plain object with lower-case names, without any header that may carry a secret
 * (Set-Cookie, Authorization, API keys, tokens, signatures, session ids).
 */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!SECRET_HEADER.test(name)) out[name] = value;
  });
  return out;
}
