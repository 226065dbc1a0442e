import type { FunnelStatus, Outcome } from './report-data.js';

/** Outcome colours: green approved, red rejected, amber review, grey none, light grey unknown. */
export const OUTCOME_COLORS: Record<Outcome, string> = {
  approved: '#2e7d32',
  rejected: '#c62828',
  review: '#f9a825',
  none: '#9e9e9e',
  unknown: '#d7ccc8',
};

/** Status colours, from light (not started) through green (completed) to red/orange/brown (lost). */
export const STATUS_COLORS: Record<FunnelStatus, string> = {
  created: '#90caf9',
  in_progress: '#1e88e5',
  completed: '#2e7d32',
  failed: '#c62828',
  abandoned: '#ef6c00',
  expired: '#8d6e63',
  unknown: '#bdbdbd',
};

/** Latency percentiles, darker for the slower tail. */
export const PERCENTILE_COLORS = { p50: '#90caf9', p90: '#1e88e5', p99: '#0d47a1' } as const;

const PROVIDER_PALETTE = [
  '#5e35b1',
  '#00897b',
  '#3949ab',
  '#d81b60',
  '#6d4c41',
  '#546e7a',
  '#7cb342',
  '#f4511e',
];

/** A colour per provider, stable for the same sorted provider list. */
export function providerColor(providers: readonly string[], provider: string): string {
  const index = Math.max(0, providers.indexOf(provider));
  return PROVIDER_PALETTE[index % PROVIDER_PALETTE.length]!;
}
