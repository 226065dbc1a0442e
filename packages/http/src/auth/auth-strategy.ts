/**
 * One attempt's request just before it is sent. `authorize` may set headers and replace `url` (Yoti signs a
 * new query); `body` holds the exact bytes that will be sent, so a strategy can sign them.
 */
export interface OutgoingRequest {
  readonly method: string;
  url: string;
  readonly headers: Headers;
  readonly body: ArrayBuffer | undefined;
}

/** How a client authenticates. `authorize` runs on every attempt, so each attempt is signed afresh. */
export interface AuthStrategy {
  authorize(request: OutgoingRequest): void | Promise<void>;
  /** Called once after a 401. Return true to retry the request once with fresh credentials. */
  onUnauthorized?(): boolean | Promise<boolean>;
}

/** Static headers on every request, e.g. `{ 'X-API-Key': key }` or `{ Authorization: key }`. */
export function headerAuth(headers: Record<string, string>): AuthStrategy {
  const entries = Object.entries(headers);
  return {
    authorize(request) {
      for (const [name, value] of entries) request.headers.set(name, value);
    },
  };
}

/** A pre-issued bearer token (for users who mint tokens elsewhere). */
export function bearerAuth(token: string): AuthStrategy {
  if (!token) throw new TypeError('bearerAuth: expected a non-empty token, received an empty value');
  return headerAuth({ Authorization: `Bearer ${token}` });
}
