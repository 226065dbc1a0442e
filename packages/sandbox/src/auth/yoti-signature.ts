import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';

/** Why a Yoti request was refused. */
export interface YotiAuthFailure {
  status: 400 | 401;
  code: string;
  message: string;
  errors?: Array<{ property: string; message: string }>;
}

const WINDOW_MS = 5 * 60_000;

/**
 * Verifies Yoti request signatures the way the API does: `sdkId`, `nonce` and `timestamp` query
 * parameters, a timestamp (milliseconds, or seconds as the docs say) within five minutes of (real) now, an unused nonce, and an
 * `X-Yoti-Auth-Digest` that is a valid RSA-SHA256 (PKCS#1 v1.5) signature of
 * `METHOD&PATH?QUERY[&base64(body)]` with PATH relative to the API base.
 */
export class YotiSignatureVerifier {
  private readonly key: KeyObject;
  /** nonce → real time it was first seen; insertion order = time order, so pruning pops from the front. */
  private readonly nonces = new Map<string, number>();

  constructor(
    private readonly sdkId: string,
    publicKeyPem: string,
    private readonly realNow: () => number = Date.now,
  ) {
    this.key = createPublicKey(publicKeyPem);
  }

  /** Number of nonces currently remembered (bounded by the replay window). */
  get rememberedNonces(): number {
    return this.nonces.size;
  }

  /**
   * @param method HTTP method
   * @param signedTarget path relative to the API base plus the raw query string, as sent
   */
  verify(
    method: string,
    signedTarget: string,
    query: URLSearchParams,
    digest: string | undefined,
    body: Buffer,
  ): YotiAuthFailure | null {
    const now = this.realNow();
    this.prune(now);
    const missing = ['sdkId', 'nonce', 'timestamp'].filter((name) => !query.get(name));
    if (missing.length > 0) {
      return {
        status: 400,
        code: 'INVALID_REQUEST',
        message: 'Missing required query parameters',
        errors: missing.map((property) => ({ property, message: 'must not be empty' })),
      };
    }
    if (query.get('sdkId') !== this.sdkId) {
      return { status: 401, code: 'UNAUTHORIZED', message: 'Unknown SDK id' };
    }
    // The docs say seconds, the Node SDK sends milliseconds: a value below 1e11 (1973 in ms) is seconds.
    const raw = Number(query.get('timestamp'));
    const timestamp = raw < 1e11 ? raw * 1000 : raw;
    if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > WINDOW_MS) {
      return {
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'Request timestamp is outside the allowed window',
      };
    }
    if (!digest) return { status: 401, code: 'UNAUTHORIZED', message: 'Missing X-Yoti-Auth-Digest header' };
    const payload =
      body.length > 0 ? `${method}&${signedTarget}&${body.toString('base64')}` : `${method}&${signedTarget}`;
    let valid = false;
    try {
      valid = createVerify('RSA-SHA256').update(payload).verify(this.key, digest, 'base64');
    } catch {
      valid = false;
    }
    if (!valid) return { status: 401, code: 'UNAUTHORIZED', message: 'Invalid request signature' };
    const nonce = query.get('nonce') as string;
    if (this.nonces.has(nonce))
      return { status: 401, code: 'UNAUTHORIZED', message: 'Nonce has already been used' };
    this.nonces.set(nonce, now);
    return null;
  }

  /** Forgets nonces older than twice the window: any replay of them fails the timestamp check anyway. */
  private prune(now: number): void {
    for (const [nonce, seenAt] of this.nonces) {
      if (now - seenAt <= 2 * WINDOW_MS) break;
      this.nonces.delete(nonce);
    }
  }
}
