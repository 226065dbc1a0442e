/** A bad config file, flag or environment value. The CLI prints the message alone and exits with code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A short, secret-free description of a received value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
