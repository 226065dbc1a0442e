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
