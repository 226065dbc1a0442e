import { complyCubeIntake } from './complycube.js';
import { idnowIntake } from './idnow.js';
import type { ProviderIntake } from './types.js';
import { verifaIntake } from './verifa.js';
import { yotiIntake } from './yoti.js';

/** The webhook intake of each provider. */
export const INTAKES: Readonly<Record<string, ProviderIntake>> = {
  complycube: complyCubeIntake,
  idnow: idnowIntake,
  verifa: verifaIntake,
  yoti: yotiIntake,
};
