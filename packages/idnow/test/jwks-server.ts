import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An RSA signing key as a test holds it: the private key to sign with and the public JWK to publish. */
export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

export const rsaKey = (kid: string): TestKey => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
};

/** How the JWKS endpoint answers: the published keys, or a fault. */
export type JwksMode = { keys: TestKey[] } | 'hang' | 'status-500' | 'not-json' | 'not-a-jwks';

/**
 * A real JWKS endpoint on 127.0.0.1: serves `GET <any path>` per `mode` and counts requests. `hang` accepts the
 * request and never answers (its sockets are destroyed on close).
 */
export async function startJwksServer(mode: JwksMode) {
  let current = mode;
  const paths: string[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '/');
    if (current === 'hang') return void hanging.push(res);
    if (current === 'status-500') return void res.writeHead(500).end('boom');
    if (current === 'not-json') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
    const body = current === 'not-a-jwks' ? { keys: 'nope' } : { keys: current.keys.map((k) => k.jwk) };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/oidc/.well-known/jwks.json`,
    base,
    /** Requests served so far (all paths). */
    count: () => paths.length,
    paths,
    serve: (next: JwksMode) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL on which nothing listens (connection refused): a port that was just freed. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/oidc/.well-known/jwks.json`;
}
