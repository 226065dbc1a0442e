import { createHash } from 'node:crypto';
import { HOUR } from '../../clock.js';
import type { Reply } from '../../http/reply.js';

/** How long Verifa keeps an `Idempotency-Key` (24 h, on the virtual clock). */
export const IDEMPOTENCY_TTL_MS = 24 * HOUR;
/** Longest `Idempotency-Key` Verifa accepts. */
export const IDEMPOTENCY_KEY_MAX = 255;

/** What a key says about a request: replay the first reply, refuse a different body, or go ahead. */
export type IdempotencyLookup = { kind: 'replay'; reply: Reply } | { kind: 'mismatch' } | { kind: 'new' };

/**
 * Verifa's `Idempotency-Key` memory: for 24 hours the same key with the same body replays the first successful
 * reply; the same key with another body is a mismatch (422 `idempotency_mismatch`).
 * @see https://docs.withverifa.com/api-details/idempotency
 */
export class IdempotencyKeys {
  private readonly entries = new Map<string, { fingerprint: string; reply: Reply; at: number }>();

  lookup(key: string, body: unknown, now: number): IdempotencyLookup {
    const entry = this.entries.get(key);
    if (!entry || now - entry.at >= IDEMPOTENCY_TTL_MS) {
      this.entries.delete(key);
      return { kind: 'new' };
    }
    return entry.fingerprint === fingerprint(body)
      ? { kind: 'replay', reply: entry.reply }
      : { kind: 'mismatch' };
  }

  remember(key: string, body: unknown, reply: Reply, now: number): void {
    this.entries.set(key, { fingerprint: fingerprint(body), reply, at: now });
  }
}

/** A hash of the body that ignores key order and whitespace (the same JSON sent again matches). */
function fingerprint(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
