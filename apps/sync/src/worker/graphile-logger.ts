import { Logger as GraphileLogger } from 'graphile-worker';
import type { Logger } from '../output/logger.js';

/**
 * graphile-worker's log lines through idvkit's logger (JSON lines on stderr, secrets redacted). Its metadata
 * (whole jobs and workers) is dropped but for an error's message: payloads stay out of the logs.
 */
export function graphileLogger(log: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const error = meta?.error instanceof Error ? meta.error.message : undefined;
    const fields = {
      component: 'graphile-worker',
      ...(scope.taskIdentifier ? { task: scope.taskIdentifier } : {}),
      ...(scope.jobId ? { jobId: scope.jobId } : {}),
      ...(error ? { error } : {}),
    };
    const l = String(level);
    if (l === 'error') log.error(message, fields);
    else if (l === 'warning') log.warn(message, fields);
    else if (l === 'info') log.info(message, fields);
    else log.debug(message, fields);
  });
}
