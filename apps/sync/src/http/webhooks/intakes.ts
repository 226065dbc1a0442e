import { ConfigError } from '../../config/config-error.js';
import type { Fields } from '../../config/fields.js';
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

/** Parses a connection's `webhooks` block with its provider's intake (ConfigError naming the field otherwise). */
export function parseWebhookOptions(provider: string, fields: Fields): Record<string, unknown> {
  const intake = INTAKES[provider];
  if (!intake) throw new ConfigError(`${fields.path}: provider ${provider} receives no webhooks`);
  return intake.parseOptions(fields);
}
