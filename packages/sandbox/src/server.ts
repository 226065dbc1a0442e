import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdmin } from './admin.js';
import { advanceData } from './advance.js';
import { IdnowTokens } from './auth/idnow-tokens.js';
import { YotiSignatureVerifier } from './auth/yoti-signature.js';
import { DEFAULT_NOW, VirtualClock } from './clock.js';
import { SANDBOX_CREDENTIALS } from './credentials.js';
import { ComplyCubeData } from './data/complycube.js';
import { IdnowData } from './data/idnow.js';
import { VerifaData } from './data/verifa.js';
import { YotiData } from './data/yoti.js';
import { Faults } from './faults.js';
import { createRequestHandler } from './pipeline.js';
import { complyCubeApi } from './providers/complycube/api.js';
import { idnowApi } from './providers/idnow/api.js';
import { verifaApi } from './providers/verifa/api.js';
import { YOTI_BASE_PATH, yotiApi } from './providers/yoti/api.js';
import { RateLimits } from './rate-limit.js';
import type { SandboxState } from './state.js';
import { Stats } from './stats.js';
import { groundTruth } from './truth.js';
import {
  type AdvanceResult,
  type FaultConfig,
  type IdsByProvider,
  type JsonObject,
  PROVIDERS,
  type Provider,
  type Sandbox,
  type SandboxOptions,
} from './types.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

/** Sessions per provider when `sessions` is not given. */
export const DEFAULT_SESSIONS = 200;

function sessionCounts(option: SandboxOptions['sessions']): Record<Provider, number> {
  const counts = {} as Record<Provider, number>;
  for (const p of PROVIDERS) {
    const n = typeof option === 'number' ? option : (option?.[p] ?? DEFAULT_SESSIONS);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`sessions for ${p} must be an integer >= 0`);
    counts[p] = n;
  }
  return counts;
}

/**
 * Starts the sandbox: one HTTP server on loopback serving the emulated IDnow, Yoti, ComplyCube and
 * Verifa APIs (plus `/_admin/*`) over data generated deterministically from `seed`.
 *
 * @example
 * const sandbox = await startSandbox({ seed: 7, sessions: 1000 });
 * // … point clients at sandbox.baseUrls …
 * await sandbox.stop();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 1;
  const start = options.now?.getTime() ?? DEFAULT_NOW;
  if (!Number.isFinite(start)) throw new RangeError('now must be a valid date');
  const counts = sessionCounts(options.sessions);
  const state: SandboxState = {
    seed,
    clock: new VirtualClock(start),
    idnow: new IdnowData(seed, start, counts.idnow),
    yoti: new YotiData(seed, start, counts.yoti),
    complycube: new ComplyCubeData(seed, start, counts.complycube),
    verifa: new VerifaData(seed, start, counts.verifa),
    faults: new Faults(seed, options.faults),
    idnowTokens: new IdnowTokens(options.idnowTokenTtlSeconds ?? 86_400),
    yotiVerifier: new YotiSignatureVerifier(
      SANDBOX_CREDENTIALS.yoti.sdkId,
      SANDBOX_CREDENTIALS.yoti.publicKeyPem,
    ),
  };
  const stats = new Stats();
  const hanging = new Set<ServerResponse>();
  let advanceCalls = 0;
  let url = '';

  const webhooks = new WebhookDispatcher(state);
  for (const p of PROVIDERS) {
    const target = options.webhooks?.[p] ?? (p === 'yoti' ? options.yotiNotifications : undefined);
    if (target) webhooks.set(p, target);
  }
  state.onSessionsChanged = (provider, ids) => webhooks.deliverLater(provider, ids);

  const notifyYoti = async (opts: { topic?: string; sessionIds?: string[] } = {}): Promise<number> => {
    if (!webhooks.get('yoti')) throw new Error('Yoti notifications are not configured (webhooks.yoti)');
    const ids = opts.sessionIds ?? state.yoti.store.all().map((r) => r.id);
    const payloads: JsonObject[] = [];
    for (const id of ids) {
      const record = state.yoti.store.get(id);
      if (!record) continue;
      payloads.push(
        opts.topic ? { session_id: record.id, topic: opts.topic } : state.yoti.notificationFor(record),
      );
    }
    return (await webhooks.deliverEvents('yoti', payloads))?.acknowledged ?? 0;
  };

  const advance = async (opts = {}): Promise<AdvanceResult> => {
    const outcome = advanceData(state, opts, advanceCalls++);
    const touched = {} as IdsByProvider;
    for (const p of PROVIDERS) touched[p] = [...outcome.changed[p], ...outcome.created[p]];
    const sent = await webhooks.deliverAll(touched);
    return {
      now: outcome.now,
      changed: outcome.changed,
      created: outcome.created,
      deleted: outcome.deleted,
      notified: sent.yoti?.acknowledged ?? 0,
      webhooks: sent,
    };
  };

  const setFaults = (provider: Provider, faults: FaultConfig | null): void => {
    if (!PROVIDERS.includes(provider)) throw new RangeError(`unknown provider ${String(provider)}`);
    state.faults.set(provider, faults);
  };

  const baseUrls = () => ({
    idnow: `${url}/idnow`,
    idnowToken: `${url}/idnow-auth/oidc/token`,
    idnowJwks: `${url}/idnow-auth/oidc/.well-known/jwks.json`,
    yoti: `${url}${YOTI_BASE_PATH}`,
    complycube: `${url}/complycube/v1`,
    verifa: `${url}/verifa`,
  });

  const admin = createAdmin({
    info: () => ({
      url,
      baseUrls: baseUrls(),
      idnowFlows: state.idnow.flowRefs() as unknown as JsonObject[],
      now: new Date(state.clock.nowMs()).toISOString(),
      seed,
      sessions: {
        idnow: state.idnow.store.size,
        yoti: state.yoti.store.size,
        complycube: state.complycube.store.size,
        verifa: state.verifa.store.size,
      },
    }),
    stats: () => stats.snapshot(),
    resetStats: () => stats.clear(),
    advance,
    faults: () => {
      const out = {} as Record<Provider, FaultConfig | null>;
      for (const p of PROVIDERS) out[p] = state.faults.get(p);
      return out;
    },
    setFaults,
    revokeIdnowTokens: () => state.idnowTokens.revokeAll(),
    yotiSessionIds: () => state.yoti.store.all().map((r) => r.id),
    notifyYoti,
    notificationsConfigured: () => webhooks.get('yoti') !== undefined,
    webhooks: () => webhooks.describe(),
    setWebhooks: (provider, target) => webhooks.set(provider, target),
    truth: () => groundTruth(state),
  });

  // Deliberate limits (Node's defaults keep a silent connection for a minute and check only every 30 s), so the
  // sandbox left running by `idvkit sandbox` does not collect idle sockets; responses (including hangs) are unaffected.
  const server = createServer(
    { keepAlive: true, headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 },
    createRequestHandler({
      state,
      apis: [idnowApi(state), yotiApi(state), complyCubeApi(state), verifaApi(state)],
      stats,
      rateLimits: new RateLimits(options.rateLimits),
      admin,
      hanging,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  let stopped: Promise<void> | undefined;
  return {
    url,
    baseUrls: baseUrls(),
    credentials: SANDBOX_CREDENTIALS,
    idnowFlows: state.idnow.flowRefs(),
    now: () => new Date(state.clock.nowMs()),
    stats: () => stats.snapshot(),
    resetStats: () => stats.clear(),
    advance,
    setFaults,
    truth: () => groundTruth(state),
    yotiSessionIds: () => state.yoti.store.all().map((r) => r.id),
    notifyYoti,
    setWebhooks: (provider, target) => webhooks.set(provider, target),
    webhooksSettled: () => webhooks.settled(),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        webhooks.stop();
        for (const res of hanging) res.destroy();
        hanging.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
