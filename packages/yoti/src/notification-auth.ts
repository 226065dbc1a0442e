import { secretEquals } from '@idvkit/http';

/**
 * Whether an `Authorization` header carries a session's notification `auth_token`, as Yoti sends it:
 * `Bearer <token>` (`auth_type: BEARER`) or `Basic <base64(token)>` (`auth_type: BASIC`, the token being
 * `username:password`). `Basic <token>` unencoded is accepted too, as the idvkit receiver always did. Compared
 * in constant time (both sides hashed first, so the token's length does not leak either).
 *
 * Moved here from apps/sync/src/notifications/check-auth.ts so other receivers can use it; that file can now
 * import it from `@idvkit/yoti`.
 * @see https://developers.yoti.com/identity-verification/notifications
 */
export const authorizationMatches = (header: string | undefined, token: string): boolean => {
  if (!header || !token) return false;
  const parsed = parseAuthorization(header);
  if (!parsed) return false;
  if (parsed.scheme === 'bearer') return secretEquals(parsed.value, token);
  if (parsed.scheme === 'basic') {
    // Evaluate both comparisons so the time taken does not depend on which one matched.
    const decoded = secretEquals(Buffer.from(parsed.value, 'base64').toString('utf8'), token);
    const raw = secretEquals(parsed.value, token);
    return decoded || raw;
  }
  return false;
};

/** `<scheme> <value>` with the scheme lower-cased, or undefined when there is no space. */
export const parseAuthorization = (header: string): { scheme: string; value: string } | undefined => {
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0) return undefined;
  return { scheme: trimmed.slice(0, space).toLowerCase(), value: trimmed.slice(space + 1).trim() };
};
