import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { type Agent, createServer as createHttpServer, request, type Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';

/**
 * Signs webhook deliveries the way each provider documents it, with node:crypto only: independent of the
 * client packages' verifiers, so a verifier bug cannot hide behind the same bug here.
 */
export const hmacHex = (secret: string, data: string): string =>
  createHmac('sha256', secret).update(data).digest('hex');

/** ComplyCube: hex HMAC-SHA256 of the raw body in `Complycube-Signature`. */
export function complyCubeDelivery(secret: string, event: object) {
  const body = JSON.stringify(event);
  return {
    body,
    headers: { 'content-type': 'application/json', 'complycube-signature': hmacHex(secret, body) },
  };
}

/** Verifa: `X-Verifa-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "{t}.{body}">`. */
export function verifaDelivery(secret: string, event: object, t = Math.floor(Date.now() / 1000)) {
  const body = JSON.stringify(event);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-verifa-signature': `t=${t},v1=${hmacHex(secret, `${t}.${body}`)}`,
    },
  };
}

/** Yoti: the notification auth token as a Bearer token. */
export function yotiDelivery(authToken: string, notification: object) {
  return {
    body: JSON.stringify(notification),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${authToken}` },
  };
}

/** An RS256 key pair with a `kid`, and a JWKS server publishing its public half. */
export interface TestJwks {
  url: string;
  kid: string;
  privateKey: KeyObject;
  close(): Promise<void>;
}

export async function startJwks(kid = 'test-key-1'): Promise<TestJwks> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const server: Server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    kid,
    privateKey,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** IDnow: an RS256 JWT whose `data` claim is the event, sent as the body (`application/jwt`). */
export function idnowDelivery(
  jwks: TestJwks,
  event: object,
  expSeconds = Math.floor(Date.now() / 1000) + 300,
) {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: jwks.kid }));
  const claims = b64url(JSON.stringify({ data: event, iat: expSeconds - 600, exp: expSeconds }));
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), jwks.privateKey).toString('base64url');
  return { body: `${header}.${claims}.${signature}`, headers: { 'content-type': 'application/jwt' } };
}

/** One POST over node:http (through `agent`, which bounds the client's sockets); resolves to status and body. */
export function post(
  url: string,
  delivery: { body: string; headers: Record<string, string> },
  agent?: Agent,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: delivery.headers, ...(agent ? { agent } : {}) },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(delivery.body);
  });
}

/** A free loopback port (for a CLI child told to listen on it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
