import type { WebhookRequest } from '@idvkit/http';

/**
 * A connection that receives webhooks: its name (the `<connection>` of `POST /webhooks/<connection>`), the
 * provider it talks to, and the options that provider's `verifyWebhook` needs, under the verifier's own names.
 */
export interface WebhookConnection {
  name: string;
  provider: string;
  webhooks: Record<string, unknown>;
}

/** What intake keeps of a verified event: ids and its type, never the payload. */
export interface MinimalEvent {
  /** The provider's event id, stable across redeliveries; null when the provider sends none (dedupe by body). */
  providerEventId: string | null;
  eventType: string | null;
  /** The session the event is about, when it names one. */
  sessionId: string | null;
  /** The check the event is about (ComplyCube's events are about checks): resolved to a session by the worker. */
  checkId: string | null;
  /**
   * The provider has no list endpoint (Yoti): the session is also recorded in idv.discovered_sessions for the
   * connection, so later syncs keep polling it (on the connection's schedule) until it is terminal.
   */
  discover?: boolean;
  /**
   * Where the session lives, when the provider's fetch needs it (IDnow: its environment, and the flow): handed
   * to the worker in the job's payload, which maps it to one of the connection's scopes.
   */
  scope?: EventScope;
}

/** The environment and flow an event names (IDnow); not personal data. */
export interface EventScope {
  environment: string | null;
  flowId: string | null;
}

/** One provider's webhook intake: how a delivery is verified and minimized (its options come from the config). */
export interface ProviderIntake {
  readonly provider: string;
  /**
   * Verifies the delivery with the client package's `verifyWebhook` and keeps only ids and the event type.
   * @throws WebhookVerificationError when the delivery is not authentic (or stale, or malformed).
   */
  verify(request: WebhookRequest, options: Record<string, unknown>): Promise<MinimalEvent>;
}
