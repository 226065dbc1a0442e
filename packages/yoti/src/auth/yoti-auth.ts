import type { KeyObject } from 'node:crypto';
import type { AuthStrategy } from '@idvkit/http';
import { signYoti } from './sign-request.js';

/**
 * The Yoti request-signing {@link AuthStrategy}: every attempt is signed afresh (new nonce and timestamp).
 * There is no `onUnauthorized`: a rejected signature does not get better by retrying.
 */
export function yotiAuth(opts: { baseUrl: string; sdkId: string; privateKey: KeyObject }): AuthStrategy {
  return {
    authorize(request) {
      const signed = signYoti(request.method, request.url, request.body, opts);
      request.url = signed.url;
      for (const [name, value] of Object.entries(signed.headers)) request.headers.set(name, value);
    },
  };
}
