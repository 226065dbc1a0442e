import { SANDBOX_CREDENTIALS } from '../credentials.js';
import { secretEquals } from './api-key.js';

/** Which ComplyCube environment a key belongs to: its prefix decides (`test_…` sandbox, `live_…` live). */
export type ComplyCubeKeyMode = 'test' | 'live';

/**
 * The mode of a presented `Authorization` value when it is one of the sandbox's ComplyCube keys, else null.
 * Both keys see the same emulated data; they differ in their rate limit (5 req/s for test, 10 for live).
 */
export function complyCubeKeyMode(presented: string | undefined): ComplyCubeKeyMode | null {
  if (secretEquals(presented, SANDBOX_CREDENTIALS.complycube.apiKey)) return 'test';
  if (secretEquals(presented, SANDBOX_CREDENTIALS.complycube.liveApiKey)) return 'live';
  return null;
}
