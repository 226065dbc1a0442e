import { DatabaseUnavailableError } from '@idvkit/db';

/** How long to wait for a database that went away: retry delays, and a budget for all attempts together. */
export interface UnavailableRetry {
  delaysMs: readonly number[];
  budgetMs: number;
}

/**
 * The wait for a lost database to record a run's outcome: attempts at about 0, 0.5, 1.5, 3.5 and 7.5 s, all within
 * 10 s (a server restart or a terminated session is usually back by then; longer, and the user gets their answer).
 */
export const RECORD_RETRY: UnavailableRetry = { delaysMs: [500, 1_000, 2_000, 4_000], budgetMs: 10_000 };

/**
 * Runs `fn`, again after each delay while it fails with DatabaseUnavailableError, and never past the budget
 * (an attempt still pending then is given up: a server that stopped answering may hold it for minutes).
 * Throws the last error.
 */
export async function retryWhileUnavailable<T>(
  fn: () => Promise<T>,
  retry: UnavailableRetry = RECORD_RETRY,
): Promise<T> {
  const deadline = Date.now() + retry.budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await beforeDeadline(fn(), deadline);
    } catch (err) {
      const delay = retry.delaysMs[attempt];
      if (!(err instanceof DatabaseUnavailableError) || delay === undefined || Date.now() + delay >= deadline)
        throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the database did not answer within the retry budget`)),
      Math.max(0, deadline - Date.now()),
    );
  });
  work.catch(() => undefined); // given up at the deadline: its own failure is no longer anyone's concern
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
