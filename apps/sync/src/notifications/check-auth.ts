import { timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization` header carries the configured token, as Yoti sends it: `Bearer <token>`, or
 * `Basic <base64(token)>`. Compared in constant time.
 */
export function authorizationMatches(header: string | undefined, token: string): boolean {
  if (!header) return false;
  const space = header.indexOf(' ');
  if (space < 0) return false;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'bearer') return safeEqual(value, token);
  if (scheme === 'basic') {
    return safeEqual(Buffer.from(value, 'base64').toString('utf8'), token) || safeEqual(value, token);
  }
  return false;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
