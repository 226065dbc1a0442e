import type { IdvDb } from '@idvkit/db';
import type { Logger } from '../output/logger.js';
import type { ProviderStats } from './stats.js';
import type { ProviderSource, RawMode } from './types.js';

/** Everything one provider's part of a run needs. */
export interface ProviderRunOptions {
  db: IdvDb;
  source: ProviderSource;
  runId: string;
  stats: ProviderStats;
  concurrency: number;
  batchSize: number;
  full: boolean;
  since: Date | null;
  dryRun: boolean;
  raw: RawMode;
  lookbackMs: number;
  reopenWindowMs: number;
  signal: AbortSignal;
  log: Logger;
  now: () => Date;
  onProgress: () => void;
  /** Hears every error that stops work of this provider (the run stops all providers on a lost database). */
  onFatal?: (err: unknown) => void;
}
