import type { JsonValue } from '../types.js';

/** What a route handler answers; the server turns it into bytes (after faults and decorations). */
export interface Reply {
  status: number;
  /** A JSON body (serialized by the server). */
  json?: JsonValue;
  /** A raw body (used instead of `json`). */
  body?: Buffer;
  /** Content type of `body` (JSON replies are `application/json`). */
  contentType?: string;
  headers?: Record<string, string>;
}

/** A JSON reply. */
export function jsonReply(status: number, json: JsonValue, headers?: Record<string, string>): Reply {
  return headers ? { status, json, headers } : { status, json };
}
