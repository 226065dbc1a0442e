import type { Rng } from './prng.js';

/** A random RFC 4122 version-4 UUID drawn from `rng`. */
export function uuidV4(rng: Rng): string {
  const h = rng.hex(32);
  const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A version-7 UUID (time-ordered, as IDnow uses) for `ms`, random bits from `rng`. */
export function uuidV7(rng: Rng, ms: number): string {
  const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  const h = rng.hex(20);
  const variant = ((Number.parseInt(h[3] as string, 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${h.slice(0, 3)}-${variant}${h.slice(4, 7)}-${h.slice(8, 20)}`;
}

/** A MongoDB-style ObjectId (ComplyCube ids): 4-byte seconds timestamp + 8 random bytes, as hex. */
export function objectId(rng: Rng, ms: number): string {
  const seconds = Math.floor(ms / 1000) >>> 0;
  return seconds.toString(16).padStart(8, '0') + rng.hex(16);
}

/** A prefixed id such as `ses_…`, `wfr_…`, `chk_…` (Verifa). */
export function prefixedId(rng: Rng, prefix: string, length = 20): string {
  return `${prefix}_${rng.alnum(length)}`;
}
