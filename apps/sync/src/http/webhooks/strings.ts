/** `value` when it is a non-empty string, else null: event fields are open and may be absent or mistyped. */
export const stringOrNull = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;
