import type { KeyObject } from 'node:crypto';
import type { AuthStrategy } from '@idvkit/http';
import { basePathOf, signYotiOffThread } from './sign-request.js';

/**
 * The Yoti request-signing {@link AuthStrategy}: every attempt is signed afresh (new nonce and timestamp), the
 * RSA signature on libuv's thread pool. There is no `onUnauthorized`: a rejected signature does not get better
 * by retrying.
 */
export function yotiAuth(opts: { baseUrl: string; sdkId: string; privateKey: KeyObject }): AuthStrategy {
  const basePath = basePathOf(opts.baseUrl);
  return {
    async authorize(request) {
      const signed = await signYotiOffThread(request.method, request.url, request.body, basePath, opts);
      request.url = signed.url;
      for (const [name, value] of Object.entries(signed.headers)) request.headers.set(name, value);
    },
  };
}
