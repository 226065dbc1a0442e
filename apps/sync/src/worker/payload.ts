/** Reads a job payload field, with one clear line when it is not what the task expects. */
export function payloadField<T>(
  task: string,
  payload: unknown,
  key: string,
  check: (v: unknown) => v is T,
  expected: string,
): T {
  const value =
    typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[key] : undefined;
  if (!check(value)) {
    throw new Error(
      `${task}: expected payload.${key} to be ${expected}, received ${JSON.stringify(value) ?? 'nothing'}`,
    );
  }
  return value;
}

export const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
export const isOptionalString = (v: unknown): v is string | undefined => v === undefined || isString(v);
export const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => isString(x));
