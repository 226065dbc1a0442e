import type { ProviderAdapter } from './adapter.js';
import { complyCubeAdapter } from './complycube/index.js';
import { idnowAdapter } from './idnow/index.js';
import { verifaAdapter } from './verifa/index.js';
import { yotiAdapter } from './yoti/index.js';

// biome-ignore lint/suspicious/noExplicitAny: each adapter parses and consumes its own config type.
export type AnyAdapter = ProviderAdapter<any>;

/** Every provider idvkit can sync, by config name. */
export const ADAPTERS: Readonly<Record<string, AnyAdapter>> = {
  idnow: idnowAdapter,
  yoti: yotiAdapter,
  complycube: complyCubeAdapter,
  verifa: verifaAdapter,
};

export const PROVIDER_NAMES = Object.keys(ADAPTERS);
