/** Scenario ids, in run order. */
export const SCENARIOS = [
  'full',
  'latency',
  'ratelimit',
  'incremental',
  'changed',
  'scale',
  'client',
  'workers',
] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

/** Options of `pnpm bench` (command line, then `IDVKIT_BENCH`). */
export interface BenchOptions {
  quick: boolean;
  /** Sessions of the full-sync dataset (all four providers together). */
  sessions: number;
  /** Sessions of the naive baseline's dataset (it is slow; its rate is per session, so a sample suffices). */
  naiveSessions: number;
  /** Added latency per request of the latency scenario, ms. */
  latencyMs: number;
  /** Sessions of the latency scenario. */
  latencySessions: number;
  /** Repetitions of each timed measurement (the median is reported). */
  reps: number;
  /** The two dataset sizes of the scale scenario. */
  scale: [number, number];
  only: Set<ScenarioId>;
}

const USAGE = `usage: pnpm bench [--quick] [--sessions N] [--latency MS] [--reps N] [--only ids] [--scale A,B]
                  [--naive-sessions N] [--latency-sessions N]
  scenarios (--only, comma-separated): ${SCENARIOS.join(', ')}
  options are also read from the IDVKIT_BENCH environment variable (e.g. IDVKIT_BENCH="--quick")`;

/** Parses `argv` (after the script) plus the words of `env` (which come first, so the command line wins). */
export function parseBenchOptions(argv: readonly string[], env: string | undefined): BenchOptions {
  const args = [...(env ?? '').split(/\s+/).filter(Boolean), ...argv];
  const quick = args.includes('--quick');
  const value = (flag: string): string | undefined => {
    const i = args.lastIndexOf(flag);
    if (i < 0) return undefined;
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag}: expected a value\n${USAGE}`);
    return v;
  };
  const int = (flag: string, fallback: number): number => {
    const v = value(flag);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`${flag}: expected a non-negative integer, received "${v}"`);
    return n;
  };
  for (const a of args) {
    if (a === '--help' || a === '-h') throw new Error(USAGE);
  }
  const sessions = int('--sessions', quick ? 2_000 : 50_000);
  const onlyRaw = value('--only');
  const only = new Set<ScenarioId>();
  for (const id of (onlyRaw ?? SCENARIOS.join(',')).split(',').filter(Boolean)) {
    if (!(SCENARIOS as readonly string[]).includes(id)) {
      throw new Error(`--only: expected ids among ${SCENARIOS.join(', ')}, received "${id}"`);
    }
    only.add(id as ScenarioId);
  }
  const scaleRaw = value('--scale');
  let scale: [number, number] = quick ? [400, 2_000] : [10_000, 100_000];
  if (scaleRaw !== undefined) {
    const [a, b] = scaleRaw.split(',').map(Number);
    if (!Number.isInteger(a) || !Number.isInteger(b) || !a || !b) {
      throw new Error(`--scale: expected two sizes like 10000,100000, received "${scaleRaw}"`);
    }
    scale = [a, b];
  }
  return {
    quick,
    sessions,
    naiveSessions: Math.min(sessions, int('--naive-sessions', quick ? 200 : 2_000)),
    latencyMs: int('--latency', 50),
    latencySessions: int('--latency-sessions', quick ? 400 : 2_000),
    reps: Math.max(1, int('--reps', 1)),
    scale,
    only,
  };
}
