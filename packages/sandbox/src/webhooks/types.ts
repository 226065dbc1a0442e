import type { SandboxState } from '../state.js';
import type { JsonObject } from '../types.js';

/**
 * Where the sandbox sends one provider's webhooks, and what it signs them with. Field names follow the
 * client packages' `verifyWebhook` options: `secret` (ComplyCube, Verifa HMAC), `authToken` (Yoti), and for
 * IDnow the sandbox signs with its own key, published at its JWKS URL.
 */
export interface WebhookTarget {
  url: string;
  secret?: string;
  authToken?: string;
  /** Yoti's `Authorization` scheme (default Basic). */
  scheme?: 'Basic' | 'Bearer';
}

/** One signed delivery, byte-exact: the receiver verifies `body` as sent. */
export interface OutboundWebhook {
  body: string;
  headers: Record<string, string>;
}

/** What one provider's emulation contributes to outbound webhooks. One file per provider implements it. */
export interface WebhookSender {
  /** The events the provider would send for these sessions (created or changed by an advance). */
  events(state: SandboxState, sessionIds: readonly string[]): JsonObject[];
  /**
   * Signs one event exactly as the provider does. `nowMs` is real time (receivers check freshness against their
   * own clock), not the sandbox's virtual clock. Called again for every retry.
   */
  sign(event: JsonObject, target: WebhookTarget, nowMs: number): OutboundWebhook | Promise<OutboundWebhook>;
  /** Target fields signing needs; `setWebhooks` refuses a target without them. Default none. */
  requires?: ReadonlyArray<'secret' | 'authToken'>;
  /**
   * Extra attempts after a failed delivery (non-2xx, timeout or connection error), a short real-time backoff
   * apart. Default 0: best effort, as a provider that documents no retries.
   */
  retries?: number;
}
