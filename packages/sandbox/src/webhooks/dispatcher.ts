import type { SandboxState } from '../state.js';
import { type IdsByProvider, type JsonObject, PROVIDERS, type Provider } from '../types.js';
import { type DeliveryCounts, type DeliveryOptions, deliverWebhooks } from './dispatch.js';
import { WEBHOOK_SENDERS } from './senders.js';
import type { WebhookSender, WebhookTarget } from './types.js';

/** A configured target as `GET /_admin/webhooks` shows it: never the secret or token. */
export interface WebhookTargetInfo {
  url: string;
  scheme?: 'Basic' | 'Bearer';
  hasSecret: boolean;
  hasAuthToken: boolean;
  /** Whether this provider has a registered sender (without one nothing is sent). */
  sender: boolean;
}

/**
 * The sandbox's outbound webhooks: one target per provider, and delivery of each provider's events (built and
 * signed by its registered {@link WebhookSender}) for sessions created or changed by `advance` or by an API
 * call. Deliveries triggered by API calls run in the background; {@link WebhookDispatcher.settled} waits for
 * them.
 */
export class WebhookDispatcher {
  private readonly targets = new Map<Provider, WebhookTarget>();
  private readonly pending = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly background: Record<Provider, DeliveryCounts> = {
    idnow: { sent: 0, acknowledged: 0 },
    yoti: { sent: 0, acknowledged: 0 },
    complycube: { sent: 0, acknowledged: 0 },
    verifa: { sent: 0, acknowledged: 0 },
  };

  constructor(
    private readonly state: SandboxState,
    private readonly senders: Partial<Record<Provider, WebhookSender>> = WEBHOOK_SENDERS,
    private readonly options: DeliveryOptions = {},
  ) {}

  /**
   * Points a provider's webhooks at `target` (null stops them).
   * @throws RangeError for an unknown provider; TypeError for a URL that is not absolute http(s) or a target
   * without what the provider's sender signs with (`secret` / `authToken`).
   */
  set(provider: Provider, target: WebhookTarget | null): void {
    if (!PROVIDERS.includes(provider)) throw new RangeError(`unknown provider ${String(provider)}`);
    if (target === null) {
      this.targets.delete(provider);
      return;
    }
    const url = typeof target?.url === 'string' && URL.canParse(target.url) ? new URL(target.url) : null;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      // Only the scheme is echoed: a URL may carry credentials.
      const received = url
        ? `the scheme "${url.protocol}"`
        : `${typeof target?.url === 'string' ? 'text that is not a URL' : typeof target?.url}`;
      throw new TypeError(`webhooks.${provider}.url: expected an absolute http(s) URL, received ${received}`);
    }
    if (target.scheme !== undefined && target.scheme !== 'Basic' && target.scheme !== 'Bearer') {
      throw new TypeError(
        `webhooks.${provider}.scheme: expected Basic or Bearer, received ${String(target.scheme).slice(0, 20)}`,
      );
    }
    for (const field of this.senders[provider]?.requires ?? []) {
      if (typeof target[field] !== 'string' || target[field] === '') {
        throw new TypeError(`webhooks.${provider}.${field}: expected a non-empty string, received none`);
      }
    }
    this.targets.set(provider, { ...target });
  }

  /** The target of a provider, if any. */
  get(provider: Provider): WebhookTarget | undefined {
    return this.targets.get(provider);
  }

  /** Every configured target, without secrets. */
  describe(): Partial<Record<Provider, WebhookTargetInfo>> {
    const out: Partial<Record<Provider, WebhookTargetInfo>> = {};
    for (const [provider, t] of this.targets) {
      out[provider] = {
        url: t.url,
        ...(t.scheme ? { scheme: t.scheme } : {}),
        hasSecret: Boolean(t.secret),
        hasAuthToken: Boolean(t.authToken),
        sender: this.senders[provider] !== undefined,
      };
    }
    return out;
  }

  /** Delivers the events for these sessions of one provider; undefined when it has no target or no sender. */
  async deliver(provider: Provider, ids: readonly string[]): Promise<DeliveryCounts | undefined> {
    const sender = this.senders[provider];
    const target = this.targets.get(provider);
    if (!sender || !target) return undefined;
    return this.send(sender, sender.events(this.state, ids), target);
  }

  /** Delivers given events (already built) of one provider, e.g. a replay. Undefined when not configured. */
  async deliverEvents(
    provider: Provider,
    events: readonly JsonObject[],
  ): Promise<DeliveryCounts | undefined> {
    const sender = this.senders[provider];
    const target = this.targets.get(provider);
    if (!sender || !target) return undefined;
    return this.send(sender, events, target);
  }

  /** Delivers the events of every configured provider for these sessions, providers in parallel. */
  async deliverAll(ids: IdsByProvider): Promise<Partial<Record<Provider, DeliveryCounts>>> {
    const out: Partial<Record<Provider, DeliveryCounts>> = {};
    await Promise.all(
      PROVIDERS.map(async (provider) => {
        const counts = await this.deliver(provider, ids[provider]);
        if (counts) out[provider] = counts;
      }),
    );
    return out;
  }

  /** Starts delivering in the background (an API call created or changed sessions). */
  deliverLater(provider: Provider, ids: readonly string[]): void {
    if (!this.senders[provider] || !this.targets.has(provider)) return;
    // The events are built now, while the sessions are in the state the API call left them in.
    const events = (this.senders[provider] as WebhookSender).events(this.state, ids);
    const delivery = this.deliverEvents(provider, events).then((counts) => {
      if (!counts) return;
      this.background[provider].sent += counts.sent;
      this.background[provider].acknowledged += counts.acknowledged;
    });
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }

  /** Waits until every background delivery has finished; resolves to their counts so far, per provider. */
  async settled(): Promise<Record<Provider, DeliveryCounts>> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    return structuredClone(this.background);
  }

  /** Aborts every delivery in flight (the sandbox is stopping). */
  stop(): void {
    this.stopping.abort();
  }

  private send(sender: WebhookSender, events: readonly JsonObject[], target: WebhookTarget) {
    return deliverWebhooks(sender, events, target, { ...this.options, signal: this.stopping.signal });
  }
}
