import type { JsonObject } from '../types.js';

/**
 * Makes a payload schema-invalid the way a buggy provider would: the creation timestamp becomes a
 * word and the status field disappears.
 */
export function breakPayload(payload: JsonObject, createdKey: string | null, statusKey: string): JsonObject {
  const broken: JsonObject = { ...payload };
  if (createdKey) broken[createdKey] = 'yesterday';
  delete broken[statusKey];
  return broken;
}
