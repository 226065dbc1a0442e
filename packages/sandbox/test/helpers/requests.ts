import { createSign, randomUUID } from 'node:crypto';
import type { Sandbox } from '../../src/index.js';

/** A fetched response with its body read once (text and, when JSON, parsed). */
export interface Fetched {
  status: number;
  headers: Headers;
  text: string;
  bytes: Uint8Array;
  json: any;
}

/** Raw loopback fetch that reads the whole body. */
export async function get(url: string, init: RequestInit = {}): Promise<Fetched> {
  const response = await fetch(url, init);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: any;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, text, bytes, json };
}

/** Gets an IDnow access token with the sandbox credentials. */
export async function idnowToken(sandbox: Sandbox): Promise<string> {
  const { clientId, clientSecret } = sandbox.credentials.idnow;
  const res = await get(sandbox.baseUrls.idnowToken, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
  return res.json.access_token as string;
}

/** Signs a Yoti request like the official SDKs (sdkId, nonce, timestamp; RSA-SHA256 over METHOD&PATH?QUERY). */
export function signedYotiUrl(
  sandbox: Sandbox,
  path: string,
  opts: { nonce?: string; timestamp?: number; method?: string; sdkId?: string; privateKeyPem?: string } = {},
): { url: string; headers: Record<string, string> } {
  const sdkId = opts.sdkId ?? sandbox.credentials.yoti.sdkId;
  const query = `sdkId=${encodeURIComponent(sdkId)}&nonce=${opts.nonce ?? randomUUID()}&timestamp=${opts.timestamp ?? Date.now()}`;
  const target = `${path}?${query}`;
  const signature = createSign('RSA-SHA256')
    .update(`${opts.method ?? 'GET'}&${target}`)
    .sign(opts.privateKeyPem ?? sandbox.credentials.yoti.privateKeyPem, 'base64');
  return {
    url: `${sandbox.baseUrls.yoti}${target}`,
    headers: { 'X-Yoti-Auth-Digest': signature, 'X-Yoti-SDK': 'idvkit-test', Accept: 'application/json' },
  };
}

/** A signed GET to the Yoti API. */
export function yotiGet(
  sandbox: Sandbox,
  path: string,
  opts: Parameters<typeof signedYotiUrl>[2] = {},
): Promise<Fetched> {
  const { url, headers } = signedYotiUrl(sandbox, path, opts);
  return get(url, { headers });
}

export const ccHeaders = (sandbox: Sandbox) => ({ Authorization: sandbox.credentials.complycube.apiKey });
export const verifaHeaders = (sandbox: Sandbox) => ({
  'X-API-Key': sandbox.credentials.verifa.apiKey,
  'Verifa-Version': '2026-01-01',
  'Key-Inflection': 'snake',
});
