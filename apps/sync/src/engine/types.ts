import type { CheckRecord, FlowInfo, PollSchedule, SessionRecord } from '@idvkit/db';
import type { RateLimiter, RequestEvent } from '@idvkit/http';
import type { SensitiveKeys } from './minimize.js';

export type {
  CheckRecord,
  DatablockRecord,
  FlowInfo,
  PollSchedule,
  ReasonCode,
  SessionRecord,
} from '@idvkit/db';

/** How much of a provider payload is kept in the `raw` columns. Secrets are dropped in every mode. */
export type RawMode = 'minimal' | 'full' | 'none';

/** A stream of one provider that is listed and checkpointed on its own (IDnow: one per flow × environment). */
export interface Scope {
  key: string;
  environment?: string | null;
  flowId?: string | null;
}

/** What a list page tells about a session, enough to decide whether its details must be fetched. */
export interface SessionRef {
  sessionId: string;
  scope: Scope;
  createdAt: Date | null;
  /** The provider's last-modified time from the list item; null when the list does not say. */
  updatedAt: Date | null;
}

/** The window a list is read in; newest-first lists stop once items are older than `stopBefore`. */
export interface ListWindow {
  stopBefore: Date | null;
  updatedAfter: Date | null;
}

/** What a source's fetch may reuse from the database instead of asking the provider again. */
export interface FetchContext {
  signal: AbortSignal;
  /** Checks of this session already stored in a final state; sources must not fetch them again. */
  storedFinalChecks: ReadonlyMap<string, CheckRecord>;
}

/** A fetched session, ready to normalize. `payload` is what is quarantined if normalizing fails. */
export interface FetchedSession {
  ref: SessionRef;
  payload: unknown;
}

/** A normalized session plus the counts of raw values that had no mapping. */
export interface Normalized {
  record: SessionRecord;
  unmapped: number;
}

/** A provider as the engine sees it: a source of session references and details. */
export interface ProviderSource {
  readonly provider: string;
  /** `list`: the provider has list endpoints; `queue`: ids come from idv.discovered_sessions. */
  readonly discovery: 'list' | 'queue';
  /** True when `list` honours `updatedAfter`, so known open sessions need no separate re-poll. */
  readonly listsByUpdatedAt: boolean;
  /**
   * Queue sources: when stored open sessions are fetched again (backoff by age, retention). The engine hands
   * it to the database query as data; absent, every open discovered session is fetched on every run.
   */
  readonly pollSchedule?: PollSchedule;
  /** Payload keys that are secret (never stored) or personal data (stored only with raw mode `full`). */
  readonly sensitiveKeys: SensitiveKeys;
  /**
   * Reads the provider's flow catalogue (IDnow flows, Verifa workflows). The engine calls it once per run of a
   * connection, before `scopes()`, and stores what it returns in `idv.flows`. A source whose scopes come from
   * the catalogue (IDnow `flows: "all"`) builds them from what it found here.
   */
  discover?(signal: AbortSignal): Promise<FlowInfo[]>;
  scopes(): Scope[];
  /** Pages of references, newest first, stopping by itself past `window.stopBefore`. */
  list(scope: Scope, window: ListWindow, signal: AbortSignal): AsyncIterable<SessionRef[]>;
  /** A reference for a session known only by id (re-poll, queue). */
  refFor(sessionId: string, scope: Scope | null): SessionRef;
  fetch(ref: SessionRef, ctx: FetchContext): Promise<FetchedSession>;
  normalize(fetched: FetchedSession, raw: RawMode): Normalized;
}

/** Handed to an adapter when it builds its source. */
export interface SourceContext {
  fetch?: typeof fetch;
  onRequest: (event: RequestEvent) => void;
  rateLimiter: RateLimiter;
  /** Largest response body read (config `maxResponseBytes`); the client's default when absent. */
  maxResponseBytes?: number;
  /** Overrides of the transport for tests and benchmarks. */
  http?: { maxRetries?: number; timeoutMs?: number; initialRetryDelayMs?: number; maxRetryDelayMs?: number };
}

/** Thrown by a normalizer for a payload it cannot make sense of; the record is quarantined. */
export class NormalizeError extends Error {
  override name = 'NormalizeError';
}
