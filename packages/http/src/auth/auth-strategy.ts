/**
 * How a client authenticates. `authorize` runs on every attempt (after the Request is cloned), so it may
 * sign the exact bytes being sent; it may return a new Request (Yoti signs a new URL).
 */
export interface AuthStrategy {
  authorize(request: Request): Request | Promise<Request>;
  /** Called once after a 401. Return true to retry the request once with fresh credentials. */
  onUnauthorized?(): boolean | Promise<boolean>;
}

/** Static headers on every request, e.g. `{ 'X-API-Key': key }` or `{ Authorization: key }`. */
export function headerAuth(headers: Record<string, string>): AuthStrategy {
  const entries = Object.entries(headers);
  return {
    authorize(request) {
      for (const [name, value] of entries) request.headers.set(name, value);
      return request;
    },
  };
}

/** A pre-issued bearer token (for users who mint tokens elsewhere). */
export function bearerAuth(token: string): AuthStrategy {
  if (!token) throw new TypeError('bearerAuth: expected a non-empty token, received an empty value');
  return headerAuth({ Authorization: `Bearer ${token}` });
}
