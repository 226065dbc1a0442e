import { createHmac } from 'node:crypto';
import { isoSeconds } from '../clock.js';
import { prefixedId } from '../ids.js';
import { Rng } from '../prng.js';
import type { JsonObject } from '../types.js';
import type { VerifaData, VerifaRecord } from './verifa.js';
import { sensitiveExpired } from './verifa-result.js';

/** Lifetime of a signed document URL (Verifa's default `image_url_expiry_seconds`). */
export const VERIFA_DOCUMENT_URL_SECONDS = 300;

/** Key of the sandbox's (unserved) document URLs: sandbox-only, grants nothing. */
const URL_KEY = 'verifa-sandbox-files';

/**
 * The session's documents at `now` (`GET /api/v1/sessions/{id}/documents`), or `'gone'` (410) once its
 * sensitive-data window has elapsed. Nothing before capture or for an expired session; the front only while
 * capturing; then front (and back, except for a passport) plus a selfie when the workflow matches faces.
 */
export function renderDocuments(data: VerifaData, record: VerifaRecord, now: number): JsonObject[] | 'gone' {
  if (sensitiveExpired(record, now)) return 'gone';
  const none = ['pending', 'sandbox_pending', 'expired'];
  if (none.includes(record.status)) return [];
  const session = data.renderSession(record);
  const types = ['document_front'];
  if (record.status !== 'capturing') {
    if (session.document_type !== 'passport') types.push('document_back');
    if (data.nodesFor(record).some((n) => n.policy === 'face_match')) types.push('selfie');
  }
  const rng = new Rng(record.seed ^ 0x1b873593);
  const expires = Math.floor(now / 1000) + VERIFA_DOCUMENT_URL_SECONDS;
  return types.map((type) => {
    const id = prefixedId(rng, 'doc', 16);
    const path = `/${record.id}/${id}`;
    const signature = createHmac('sha256', URL_KEY).update(`${path}:${expires}`).digest('hex');
    return {
      id,
      type,
      url: `https://files.withverifa.com${path}?expires=${expires}&signature=${signature}`,
      expires_at: isoSeconds(expires * 1000),
    };
  });
}
