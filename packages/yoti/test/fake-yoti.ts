import { generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import type { Handler, LoopbackServer, Reply, SeenRequest } from './loopback-server.js';

export const SDK_ID = '7f3c9a10-5b2e-4d8f-9c61-0a1b2c3d4e5f';

/** A throwaway RSA-2048 key pair for this test run. */
export function keyPair(): { privateKeyPem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
}

/** What the fake server derived from a signed request. */
export interface Verified {
  request: SeenRequest;
  stringToSign: string;
  valid: boolean;
  queryKeys: string[];
}

/**
 * A minimal Yoti verifier: rebuilds the string to sign from the request as received (path relative to
 * `basePath`, the query as sent, `&` + base64(body) when there is a body), checks `X-Yoti-Auth-Digest` with the
 * PUBLIC key and the sdkId/nonce/timestamp parameters, answers 401 on failure and hands valid requests to `api`.
 */
export function fakeYoti(
  server: LoopbackServer,
  opts: { basePath: string; publicKey: KeyObject },
  api: Handler,
) {
  const verified: Verified[] = [];
  server.handle(async (req): Promise<Reply> => {
    const v = verifyRequest(req, opts.basePath, opts.publicKey);
    verified.push(v);
    if (!v.valid) return { status: 401, json: { code: 'UNAUTHORIZED', message: 'Invalid signature' } };
    return api(req);
  });
  return verified;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function verifyRequest(req: SeenRequest, basePath: string, publicKey: KeyObject): Verified {
  const path = req.url.pathname.startsWith(basePath)
    ? req.url.pathname.slice(basePath.length)
    : req.url.pathname;
  let stringToSign = `${req.method}&${path}${req.url.search}`;
  if (req.body.length > 0) stringToSign += `&${req.body.toString('base64')}`;
  const digest = String(req.headers['x-yoti-auth-digest'] ?? '');
  const q = req.url.searchParams;
  const timestamp = Number(q.get('timestamp'));
  const paramsOk =
    q.get('sdkId') === SDK_ID &&
    UUID_V4.test(q.get('nonce') ?? '') &&
    /^\d{13}$/.test(q.get('timestamp') ?? '') &&
    Math.abs(Date.now() - timestamp) < 5 * 60_000;
  const signatureOk = verify(
    'RSA-SHA256',
    Buffer.from(stringToSign),
    publicKey,
    Buffer.from(digest, 'base64'),
  );
  return { request: req, stringToSign, valid: paramsOk && signatureOk, queryKeys: [...q.keys()] };
}
