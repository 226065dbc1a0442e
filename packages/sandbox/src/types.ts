import type { SandboxCredentials } from './credentials.js';
import type { WebhookTarget } from './webhooks/types.js';

/** The four emulated providers. */
export type Provider = 'idnow' | 'yoti' | 'complycube' | 'verifa';

/** Every provider, in a fixed order (the order data is generated and advanced in). */
export const PROVIDERS: readonly Provider[] = ['idnow', 'yoti', 'complycube', 'verifa'];

/** A JSON value as the sandbox renders it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object as the sandbox renders it. */
export type JsonObject = { [key: string]: JsonValue };

/** Faults injected into one provider's API. Rates are probabilities in [0, 1] drawn from the seeded PRNG. */
export interface FaultConfig {
  /** Delay every response by this many (real) milliseconds. */
  latencyMs?: number;
  /** Probability of answering with `errorStatus` and the provider's error body. */
  errorRate?: number;
  /** Status used by `errorRate` (default 500). */
  errorStatus?: number;
  /** Probability of answering 429 with the provider's rate-limit body. */
  rateLimit429Rate?: number;
  /** `Retry-After` seconds sent with `rateLimit429Rate` 429s (default 1; `null` = no header). */
  retryAfterSeconds?: number | null;
  /** Probability of destroying the socket without answering. */
  resetRate?: number;
  /** Probability of never answering (until the client aborts or the sandbox stops). */
  hangRate?: number;
  /** Probability of answering 200 with a truncated, unparseable JSON body. */
  invalidJsonRate?: number;
  /** Sessions whose detail (and list-item) payloads are schema-invalid (`createdAt: "yesterday"`, status missing). */
  schemaInvalidSessionIds?: string[];
  /** Deterministic failures: the next `count` requests (of `operation`, or any) answer `status`. */
  failNext?: Array<{ operation?: string; status: number; count: number; retryAfterSeconds?: number }>;
}

/** A rate limit: a token bucket (`requestsPerSecond`/`burst`) or a fixed per-minute window (`perMinute`). */
export interface RateLimitConfig {
  requestsPerSecond?: number;
  burst?: number;
  perMinute?: number;
}

/** Where the emulated Yoti API sends its session notifications. */
export interface YotiNotificationConfig {
  url: string;
  /** The `auth_token` configured on the sessions, sent as `Authorization: <scheme> <authToken>`. */
  authToken: string;
  /** Default `Basic`. */
  scheme?: 'Basic' | 'Bearer';
}

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Port to listen on (default 0 = a free port). */
  port?: number;
  /** Host to bind (default 127.0.0.1). */
  host?: string;
  /** Seed of every generated value (default 1). */
  seed?: number;
  /** Sessions per provider (default 200 each). */
  sessions?: number | Partial<Record<Provider, number>>;
  /** Start of the virtual clock (default 2026-11-01T00:00:00Z). */
  now?: Date;
  /** Faults active from the start. */
  faults?: Partial<Record<Provider, FaultConfig>>;
  /**
   * Rate limits (off by default); `true` = ComplyCube per key (`test_` 5 req/s, `live_` 10 req/s, each its own
   * bucket, as documented) and Verifa 300/min. Explicit numbers for a provider replace its per-key limits.
   */
  rateLimits?: boolean | Partial<Record<Provider, RateLimitConfig>>;
  /** Lifetime of issued IDnow tokens in real seconds (default 86400). */
  idnowTokenTtlSeconds?: number;
  /**
   * Where each provider's outbound webhooks go, signed by its scheme, for sessions created or changed by
   * `advance` or by an API call. Only providers with a registered sender send anything. Change later with
   * `setWebhooks` or `POST /_admin/webhooks`.
   */
  webhooks?: Partial<Record<Provider, WebhookTarget>>;
  /** Alias of `webhooks.yoti` (used when that is not given). */
  yotiNotifications?: YotiNotificationConfig;
}

/** Webhooks sent and acknowledged (2xx) by one delivery batch. */
export interface WebhookCounts {
  sent: number;
  acknowledged: number;
}

/** Options of `advance` (`POST /_admin/advance`). */
export interface AdvanceOptions {
  /** Minutes to move the virtual clock (default 60). */
  minutes?: number;
  /** New sessions to create per provider (default 0). */
  create?: number;
  /** Fraction of open sessions to move on by one step (default 0.5). */
  progress?: number;
  /** Delete sessions created more than this many days before the new virtual now (retention). */
  deleteOlderThanDays?: number;
}

/** Session ids per provider. */
export type IdsByProvider = Record<Provider, string[]>;

/** What one `advance` changed. */
export interface AdvanceResult {
  /** The virtual time after the advance (ISO 8601). */
  now: string;
  /** Existing sessions whose payload changed (their `updatedAt` moved). */
  changed: IdsByProvider;
  /** Sessions created by this advance. */
  created: IdsByProvider;
  /** Sessions deleted by this advance (404 from now on). */
  deleted: IdsByProvider;
  /** Yoti notifications delivered with a 2xx (0 when notifications are not configured). */
  notified: number;
  /** Webhooks per provider that has a target and a sender (absent = nothing configured for it). */
  webhooks: Partial<Record<Provider, WebhookCounts>>;
}

/** Request counters of one provider. */
export interface ProviderStats {
  requests: number;
  byOperation: Record<string, number>;
  /** `4xx` excludes 429, which is counted on its own. */
  status: { '2xx': number; '4xx': number; '5xx': number; '429': number };
  resets: number;
  hangs: number;
}

/** Request counters of every provider (admin routes are not counted). */
export interface SandboxStats {
  providers: Record<Provider, ProviderStats>;
  total: number;
}

/** The exact payloads the API currently returns, per provider, plus the ids deleted so far. */
export interface GroundTruth {
  now: string;
  idnow: {
    sessions: Array<{
      sessionId: string;
      flowId: string;
      environment: 'live' | 'staging';
      session: JsonObject;
      datablocks: JsonObject;
    }>;
    deleted: string[];
  };
  yoti: { sessions: Array<{ sessionId: string; session: JsonObject }>; deleted: string[] };
  complycube: {
    sessions: Array<{ sessionId: string; session: JsonObject; checks: Record<string, JsonObject> }>;
    deleted: string[];
  };
  verifa: {
    sessions: Array<{
      sessionId: string;
      session: JsonObject;
      workflowRun: JsonObject | null;
      /** `GET …/result` now (null = 404: the session is not `completed` or `under_review`). */
      result: JsonObject | null;
      /** The result's decision (`result.status`): what a sync reading results should store. */
      decision: 'approved' | 'rejected' | 'needs_review' | null;
    }>;
    deleted: string[];
  };
}

/** An IDnow flow the sandbox serves, with one of its environments. */
export interface IdnowFlowRef {
  flowId: string;
  environment: 'live' | 'staging';
}

/** Base URLs to give each client. */
export interface SandboxBaseUrls {
  idnow: string;
  idnowToken: string;
  /** The IDnow JWKS the sandbox's webhook JWTs verify against (`verifyWebhook({ jwksUrl })`). */
  idnowJwks: string;
  yoti: string;
  complycube: string;
  verifa: string;
}

/** A running sandbox. */
export interface Sandbox {
  /** Root URL, e.g. `http://127.0.0.1:43123`. */
  url: string;
  baseUrls: SandboxBaseUrls;
  credentials: SandboxCredentials;
  /** The flow × environment pairs IDnow sessions live in. */
  idnowFlows: IdnowFlowRef[];
  /** Current virtual time. */
  now(): Date;
  stats(): SandboxStats;
  resetStats(): void;
  /** Moves time: progresses, creates and deletes sessions (and notifies Yoti when configured). */
  advance(opts?: AdvanceOptions): Promise<AdvanceResult>;
  /** Replaces (or with `null` clears) a provider's faults. */
  setFaults(provider: Provider, faults: FaultConfig | null): void;
  /** What the API currently returns, for comparing a synced database against. */
  truth(): GroundTruth;
  /** Ids of every current Yoti session (Yoti has no list endpoint). */
  yotiSessionIds(): string[];
  /** POSTs a notification for every (or the given) Yoti session; resolves to the number acknowledged. */
  notifyYoti(opts?: { topic?: string; sessionIds?: string[] }): Promise<number>;
  /**
   * Points a provider's webhooks at `target`, or stops them with `null` (e.g. a receiver started after the
   * sandbox). Throws a TypeError for a target that is not an http(s) URL or lacks what the provider signs with.
   */
  setWebhooks(provider: Provider, target: WebhookTarget | null): void;
  /** Waits for the webhooks API calls triggered in the background; resolves to their counts so far. */
  webhooksSettled(): Promise<Record<Provider, WebhookCounts>>;
  stop(): Promise<void>;
}
