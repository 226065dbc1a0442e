/**
 * A one-line description of anything thrown, for the CLI's last-resort message: an Error's message, a string as is,
 * else the value's name and code (PGlite rejects with bare `ErrnoError` objects), never `[object Object]`.
 */
export function describeThrown(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (typeof err === 'object' && err !== null) {
    const o = err as { message?: unknown; name?: unknown; code?: unknown; errno?: unknown };
    if (typeof o.message === 'string' && o.message) return o.message;
    const name = typeof o.name === 'string' && o.name ? o.name : (err.constructor?.name ?? 'object');
    const code = [o.code, o.errno].find((c) => typeof c === 'string' || typeof c === 'number');
    return `unexpected ${name}${code === undefined ? '' : ` (code ${code})`} thrown`;
  }
  if (err === null || err === undefined) return `unexpected ${String(err)} thrown`;
  return `unexpected ${typeof err} thrown: ${String(err)}`;
}
