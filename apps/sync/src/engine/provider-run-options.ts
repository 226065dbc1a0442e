import type { IdvDb } from '@idvkit/db';
import type { Logger } from '../output/logger.js';
import type { ProviderStats } from './stats.js';
import type { ProviderSource, RawMode } from './types.js';

/** Everything one connection's part of a run needs. */
export interface ProviderRunOptions {
  db: IdvDb;
  /** The connection's name: stored on every row it writes, its checkpoints and its quarantined records. */
  connection: string;
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
  /** Listing is over: every session of the run is known, only fetches remain (progress can show an ETA). */
  onListed?: () => void;
  /** Hears every error that stops work of this connection (the run stops all of them on a lost database). */
  onFatal?: (err: unknown) => void;
}
