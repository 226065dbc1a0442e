import { NotFoundError, RateLimiter } from '@idvkit/http';
import type { ConnectionConfig } from '../config/connections.js';
import { readFlows } from '../engine/discover-flows.js';
import type { ProviderSource, Scope } from '../engine/types.js';
import { type ObservedResponse, observedFetch } from './observed-fetch.js';

/** What `idvkit check` saw for one connection. */
export interface ConnectionCheck {
  connection: string;
  provider: string;
  ok: boolean;
  /** Why it failed: the first error, secrets redacted. */
  error?: string;
  /** IDnow: the OAuth token was granted, with its lifetime (never the token). */
  token?: { obtained: boolean; expiresInSeconds?: number };
  /** How many flows the provider's flow catalogue lists (sources that have one: IDnow, Verifa). */
  flows?: number;
  /** Per listed scope (IDnow: flow × environment): the sessions on the first list page. */
  firstPages: Array<{ scope: string; sessions: number }>;
  /** Every response, with its status and rate-limit headers. */
  responses: ObservedResponse[];
  /** The provider's clock minus ours, in seconds (from `Date`; 1 s resolution). */
  clockSkewSeconds?: number;
  /** What the user should know, such as how a Yoti connection learns of sessions. */
  notes: string[];
}

/** A Yoti session id that exists nowhere: a 404 for it proves the signed request was accepted. */
const PROBE_ID = '00000000-0000-4000-8000-000000000000';
/** Beyond this, Yoti's signed request timestamps may be refused. */
const SKEW_WARNING_SECONDS = 30;

/**
 * Tries one connection's credentials and reachability with as few requests as tell: the flow catalogue where the
 * source has one, then the first list page of each scope (IDnow first gets its token), or for a provider without lists (Yoti) a signed request for a session
 * that does not exist. Writes nothing; one attempt per request (no retries), so a failure shows at once.
 */
export async function checkConnection(
  entry: ConnectionConfig,
  opts: { fetch?: typeof fetch; signal?: AbortSignal; secrets: readonly string[] },
): Promise<ConnectionCheck> {
  const config = entry.config as { tokenUrl?: string };
  const observer = observedFetch(opts.fetch ?? fetch, config.tokenUrl ? [config.tokenUrl] : []);
  const result: ConnectionCheck = {
    connection: entry.name,
    provider: entry.provider,
    ok: false,
    firstPages: [],
    responses: observer.seen,
    notes: [],
  };
  const signal = opts.signal ?? new AbortController().signal;
  try {
    const source = entry.adapter.createSource(entry.config, {
      fetch: observer.fetch,
      onRequest: () => undefined,
      rateLimiter: new RateLimiter({ requestsPerSecond: entry.requestsPerSecond }),
      maxResponseBytes: entry.maxResponseBytes,
      http: { maxRetries: 0 },
    });
    // Before the scopes, as a sync does: a source may build them from the catalogue (IDnow `flows: "all"`).
    const flows = await readFlows(source, entry.name, signal);
    if (flows !== null) result.flows = flows.length;
    if (source.discovery === 'list') {
      for (const scope of source.scopes()) {
        result.firstPages.push({ scope: scopeName(scope), sessions: await firstPage(source, scope, signal) });
      }
    } else {
      await probe(source, signal);
      result.notes.push(
        `${entry.provider} has no list endpoint: sessions reach this connection through its webhooks (POST /webhooks/${entry.name} of idvkit serve or worker), idvkit notifications, or idvkit enqueue ${entry.provider} <ids>`,
      );
    }
    result.ok = true;
  } catch (err) {
    result.error = redact(err instanceof Error ? err.message : String(err), opts.secrets);
  }
  const tokenResponse = observer.seen.find((r) => r.url === config.tokenUrl);
  if (config.tokenUrl && tokenResponse) {
    result.token = {
      obtained: tokenResponse.status >= 200 && tokenResponse.status < 300,
      ...(tokenResponse.tokenExpiresInSeconds === undefined
        ? {}
        : { expiresInSeconds: tokenResponse.tokenExpiresInSeconds }),
    };
  }
  const skew = observer.seen.findLast((r) => r.clockSkewSeconds !== undefined)?.clockSkewSeconds;
  if (skew !== undefined) {
    result.clockSkewSeconds = Math.round(skew * 10) / 10;
    if (entry.provider === 'yoti' && Math.abs(skew) > SKEW_WARNING_SECONDS) {
      result.notes.push(
        `the clock here is ${Math.abs(Math.round(skew))} s ${skew > 0 ? 'behind' : 'ahead of'} Yoti's: signed requests carry a timestamp, so fix the system clock (NTP)`,
      );
    }
  }
  return result;
}

async function firstPage(source: ProviderSource, scope: Scope, signal: AbortSignal): Promise<number> {
  const pages = source.list(scope, { stopBefore: null, updatedAfter: null }, signal)[Symbol.asyncIterator]();
  try {
    const page = await pages.next();
    return page.done ? 0 : page.value.length;
  } finally {
    await pages.return?.();
  }
}

/** A signed request for a session that does not exist: 404 means the credentials were accepted. */
async function probe(source: ProviderSource, signal: AbortSignal): Promise<void> {
  try {
    await source.fetch(source.refFor(PROBE_ID, null), { signal, storedFinalChecks: new Map() });
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
}

function scopeName(scope: Scope): string {
  return scope.flowId ? `${scope.flowId} (${scope.environment ?? 'live'})` : scope.key;
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].filter((x) => x.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join('[redacted]');
  }
  return out;
}
