import type { PollSchedule } from '@idvkit/db';
import type * as z from 'zod';
import { checkUrl, type UrlPolicy } from '../../config/check-url.js';
import { ConfigError } from '../../config/config-error.js';
import { secret, strict, text, urlOr } from '../../config/schema-kit.js';
import { buildPollSchedule, POLL_CONFIG_SHAPE } from './poll-config.js';

/** A Yoti connection's settings (`connections.<name>` with provider yoti, or `providers.yoti`). */
export interface YotiConfig {
  /** Where it was configured (`config.connections.<name>`), for messages about the key. */
  where: string;
  baseUrl: string;
  sdkId: string;
  privateKey?: string;
  privateKeyPath?: string;
  /** The older spelling of `webhooks: { authToken }`, still accepted. */
  notifications?: { authToken: string };
  /** When open sessions are fetched again (`pollSchedule`, `retention`). */
  poll: PollSchedule;
}

const settings = strict({
  baseUrl: urlOr('https://api.yoti.com/idverify/v1', 'The Yoti IDV API.'),
  sdkId: text('The Yoti SDK id of the application.'),
  privateKey: secret('The application private key, PEM text. Give this or privateKeyPath.').optional(),
  privateKeyPath: text(
    'A file holding the application private key (PEM). Give this or privateKey.',
  ).optional(),
  notifications: strict(
    {
      authToken: secret('The token Yoti sends in the Authorization header of each notification.'),
    },
    'The older spelling of webhooks: { authToken }.',
  ).optional(),
  ...POLL_CONFIG_SHAPE,
});

/** The keys of a Yoti connection besides the common ones. */
export const YOTI_CONFIG_SHAPE = settings.shape;

/** The validated keys as the source uses them: exactly one private key, the URL checked against the policy. */
export function buildYotiConfig(v: z.output<typeof settings>, where: string, policy: UrlPolicy): YotiConfig {
  if (!v.privateKey === !v.privateKeyPath) {
    throw new ConfigError(
      `${where}: expected exactly one of privateKeyPath and privateKey, received ${v.privateKey ? 'both' : 'neither'}`,
    );
  }
  return {
    where,
    baseUrl: checkUrl(v.baseUrl ?? 'https://api.yoti.com/idverify/v1', `${where}.baseUrl`, policy),
    sdkId: v.sdkId,
    ...(v.privateKey ? { privateKey: v.privateKey } : {}),
    ...(v.privateKeyPath ? { privateKeyPath: v.privateKeyPath } : {}),
    ...(v.notifications ? { notifications: { authToken: v.notifications.authToken } } : {}),
    poll: buildPollSchedule(v, where),
  };
}
