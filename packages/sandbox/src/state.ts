import type { IdnowTokens } from './auth/idnow-tokens.js';
import type { YotiSignatureVerifier } from './auth/yoti-signature.js';
import type { VirtualClock } from './clock.js';
import type { ComplyCubeData } from './data/complycube.js';
import type { IdnowData } from './data/idnow.js';
import type { VerifaData } from './data/verifa.js';
import type { YotiData } from './data/yoti.js';
import type { Faults } from './faults.js';
import type { Provider } from './types.js';

/** Everything the provider handlers read: data, clock, faults and auth state. */
export interface SandboxState {
  seed: number;
  clock: VirtualClock;
  idnow: IdnowData;
  yoti: YotiData;
  complycube: ComplyCubeData;
  verifa: VerifaData;
  faults: Faults;
  idnowTokens: IdnowTokens;
  yotiVerifier: YotiSignatureVerifier;
  /** Called by a provider API when a request created or changed sessions (outbound webhooks go out). */
  onSessionsChanged?: (provider: Provider, ids: readonly string[]) => void;
}
