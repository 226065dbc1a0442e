import { DatabaseUnavailableError } from '@idvkit/db';
import { AuthenticationError } from '@idvkit/http';

/**
 * Whether an error ends a provider's work instead of quarantining the one record it hit: refused credentials
 * (nothing else of the provider will work), a lost database (nothing can be stored), or a stopped run (the
 * record is not at fault, and the next run fetches it again).
 */
export function stopsProvider(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || err instanceof AuthenticationError || err instanceof DatabaseUnavailableError;
}
