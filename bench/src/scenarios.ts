import { PROVIDERS, type Provider } from '@idvkit/sandbox';
import { createVerifaClient } from '@idvkit/verifa';
import { type RemoteSandbox, startRemoteSandbox } from './remote-sandbox.js';
import { benchConfig, type DbSource, enqueueYoti, freshDb, timedSync, total } from './setup.js';

/** Responses of one provider as the client saw them: first request sent → last response read. */
interface Timing {
  first: number;
  last: number;
  ok: number;
  limited: number;
  other: number;
}

/** A fetch that times every response per provider (by base URL). */
export function providerTimer(sandbox: RemoteSandbox) {
  const timings = new Map<Provider, Timing>(
    PROVIDERS.map((p) => [p, { first: Number.POSITIVE_INFINITY, last: 0, ok: 0, limited: 0, other: 0 }]),
  );
  const urls = PROVIDERS.map(
    (p) =>
      [
        p,
        p === 'idnow' ? [sandbox.baseUrls.idnow, sandbox.baseUrls.idnowToken] : [sandbox.baseUrls[p]],
      ] as const,
  );
  const timedFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const name = urls.find(([, prefixes]) => prefixes.some((u) => url.startsWith(u)))?.[0];
    const t = name ? timings.get(name) : undefined;
    if (t) t.first = Math.min(t.first, performance.now());
    const res = await fetch(input, init);
    if (t) {
      t.last = Math.max(t.last, performance.now());
      if (res.status === 429) t.limited++;
      else if (res.ok) t.ok++;
      else t.other++;
    }
    return res;
  };
  const of = (p: Provider): Timing & { seconds: number; requests: number } => {
    const t = timings.get(p)!;
    return { ...t, seconds: Math.max(0, t.last - t.first) / 1000, requests: t.ok + t.limited + t.other };
  };
  return { fetch: timedFetch, of };
}

/**
 * Scenario 2: every request delayed by `latencyMs`. Wall time vs the ideal `requests × latency / concurrency`
 * of the slowest provider (providers run in parallel), and per provider its own span vs its own ideal.
 */
export async function latencyScenario(db: DbSource, sessions: number, latencyMs: number) {
  const faults = Object.fromEntries(PROVIDERS.map((p) => [p, { latencyMs }]));
  const sandbox = await startRemoteSandbox({
    seed: 3,
    sessions: Math.max(1, Math.round(sessions / 4)),
    faults,
  });
  const scratch = await freshDb(db);
  try {
    const config = benchConfig(sandbox);
    await enqueueYoti(scratch.handle, sandbox);
    const timer = providerTimer(sandbox);
    const { ms, result } = await timedSync(scratch.handle, config, {}, { fetch: timer.fetch });
    const perProvider = Object.fromEntries(
      config.connections.map((entry) => {
        const t = timer.of(entry.name as Provider);
        const idealMs = (t.requests * latencyMs) / entry.concurrency;
        return [
          entry.name,
          {
            requests: t.requests,
            concurrency: entry.concurrency,
            idealMs,
            spanMs: t.seconds * 1000,
            ratio: (t.seconds * 1000) / idealMs,
          },
        ];
      }),
    );
    const idealMs = Math.max(...Object.values(perProvider).map((p) => p.idealMs));
    const requests = Object.values(perProvider).reduce((n, p) => n + p.requests, 0);
    return { ms, sessions: total(result, 'upserted'), idealMs, ratio: ms / idealMs, requests, perProvider };
  } finally {
    await scratch.dispose();
    await sandbox.stop();
  }
}

/**
 * Scenario 7: the generated Verifa client's `getSession` vs a bare `fetch` of the same URL with the same headers
 * (plus `res.json()`), warmed up, in interleaved blocks; and, as a reference, the bare fetch doing only the
 * steps the client's transport must do. Returns the per-call times and their ratios to the bare fetch.
 */
export async function clientOverheadScenario(iterations: number) {
  const sandbox = await startRemoteSandbox({
    seed: 5,
    sessions: { idnow: 0, yoti: 0, complycube: 0, verifa: 5 },
  });
  try {
    const id = (await sandbox.truth()).verifa.sessions[0]?.sessionId;
    if (!id) throw new Error('sandbox has no Verifa session');
    const options = { baseUrl: sandbox.baseUrls.verifa, apiKey: String(sandbox.credentials.verifa.apiKey) };
    // Learn exactly what the client sends.
    let seen: Request | undefined;
    await createVerifaClient({
      ...options,
      fetch: async (input, init) => {
        seen = new Request(input, init);
        return fetch(seen.clone());
      },
    }).getSession(id);
    if (!seen) throw new Error('the client sent no request');
    const url = seen.url;
    const headers = Object.fromEntries(seen.headers.entries());
    const client = createVerifaClient(options);
    const viaClient = () => client.getSession(id);
    const bare = async () => {
      const res = await fetch(url, { headers });
      if (!res.ok) throw new Error(`bare fetch: ${res.status}`);
      return res.json() as Promise<unknown>;
    };
    // Reference: the same fetch with the steps the transport took per attempt before issue 13 (a Request, an
    // AbortSignal for the per-attempt timeout, the body read inside the attempt then handed on as a new Response).
    const steps = async () => {
      const res = await fetch(new Request(url, { headers }), { signal: new AbortController().signal });
      if (!res.ok) throw new Error(`steps fetch: ${res.status}`);
      const bytes = await res.arrayBuffer();
      return new Response(bytes, { status: res.status, headers: res.headers }).json() as Promise<unknown>;
    };
    const block = 50;
    // CPU time of this process per variant (user + system, µs): on a shared machine the wall time also counts
    // waiting for a core, which the sandbox and everything else running compete for.
    const cpuUs = [0, 0, 0];
    const time = async (fn: () => Promise<unknown>, v: number) => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (let i = 0; i < block; i++) await fn();
      const c = process.cpuUsage(c0);
      cpuUs[v]! += c.user + c.system;
      return performance.now() - t0;
    };
    for (let i = 0; i < 300; i++) {
      await viaClient();
      await bare();
      await steps();
    }
    const variants = [viaClient, bare, steps];
    const totals = [0, 0, 0];
    const blocks = Math.max(3, Math.ceil(iterations / block));
    for (let b = 0; b < blocks; b++) {
      // Rotate which goes first so drift (GC, JIT, sockets) is shared evenly.
      for (let k = 0; k < variants.length; k++) {
        const v = (b + k) % variants.length;
        totals[v]! += await time(variants[v]!, v);
      }
    }
    const [clientMs, bareMs, stepsMs] = totals as [number, number, number];
    const calls = blocks * block;
    return {
      calls,
      clientUs: (clientMs / calls) * 1000,
      bareUs: (bareMs / calls) * 1000,
      stepsUs: (stepsMs / calls) * 1000,
      ratio: clientMs / bareMs,
      stepsRatio: stepsMs / bareMs,
      clientCpuUs: cpuUs[0]! / calls,
      bareCpuUs: cpuUs[1]! / calls,
      cpuRatio: cpuUs[0]! / cpuUs[1]!,
    };
  } finally {
    await sandbox.stop();
  }
}
