import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `parts` (concatenated) keyed with `secret`. */
export const hmacSha256 = (secret: string | Uint8Array, ...parts: (string | Uint8Array)[]): Buffer => {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
};

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Whether `value` looks like a hex SHA-256 digest (64 hex digits). */
export const isHexSha256 = (value: string): boolean => HEX_SHA256.test(value);

/**
 * Whether `hex` (64 hex digits, any case) encodes `digest`, compared in constant time on equal-length buffers.
 * Anything that is not 64 hex digits is simply unequal (never a `RangeError` from `timingSafeEqual`).
 */
export const hexDigestEquals = (digest: Uint8Array, hex: string): boolean => {
  if (!isHexSha256(hex)) return false;
  const given = Buffer.from(hex, 'hex');
  return given.length === digest.length && timingSafeEqual(given, digest);
};

/**
 * Constant-time equality of two secrets of any length: both are hashed first, so neither the content nor the
 * length of the expected value leaks through timing.
 */
export const secretEquals = (a: string | Uint8Array, b: string | Uint8Array): boolean => {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  // The hashes are equal iff the inputs are (SHA-256 collisions aside); timingSafeEqual needs equal lengths.
  return timingSafeEqual(x, y);
};
