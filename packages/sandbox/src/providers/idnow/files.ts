import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IdnowData } from '../../data/idnow.js';
import type { Reply } from '../../http/reply.js';
import type { RequestContext } from '../../http/router.js';

/** Pre-signed URLs are valid this long (the docs' 3600 s). */
export const FILE_URL_TTL_SECONDS = 3600;
// A 1×1 PNG: the sandbox's stand-in for every document image.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

type Fail = (status: number, message: string) => Reply;

/**
 * The emulated vault: `GET /api/v1/{environment}/files/{vaultEntryId}` answers 302 to a pre-signed URL on the
 * sandbox's own "storage host" (`/idnow-files/…`, no bearer token), which serves the file until it expires.
 */
export function createFiles(data: IdnowData, realNow: () => number = Date.now) {
  const secret = randomBytes(32);
  const sign = (path: string, expires: number) =>
    createHmac('sha256', secret).update(`${path}\n${expires}`).digest('hex');

  return {
    /** The API route: 302 with a pre-signed `Location`. */
    redirect(ctx: RequestContext, environment: string, vaultEntryId: string, fail: Fail): Reply {
      if (!data.findVaultEntry(environment, vaultEntryId)) return fail(404, 'File not found');
      const path = `/idnow-files/${encodeURIComponent(environment)}/${encodeURIComponent(vaultEntryId)}`;
      const expires = Math.floor(realNow() / 1000) + FILE_URL_TTL_SECONDS;
      const host = String(ctx.req.headers.host ?? '127.0.0.1');
      const location = `http://${host}${path}?expires=${expires}&signature=${sign(path, expires)}`;
      return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' } };
    },
    /** The storage host: the file, when the signature and expiry check out. */
    download(ctx: RequestContext, environment: string, vaultEntryId: string, fail: Fail): Reply {
      const path = `/idnow-files/${encodeURIComponent(environment)}/${encodeURIComponent(vaultEntryId)}`;
      const expires = Number(ctx.query.get('expires'));
      const given = Buffer.from(ctx.query.get('signature') ?? '', 'utf8');
      const expected = Buffer.from(sign(path, expires), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return fail(403, 'Signature does not match');
      }
      if (!Number.isInteger(expires) || expires * 1000 < realNow()) return fail(403, 'Request has expired');
      if (!data.findVaultEntry(environment, vaultEntryId)) return fail(404, 'File not found');
      return { status: 200, body: PNG, contentType: 'image/png', headers: { 'Cache-Control': 'private' } };
    },
  };
}
