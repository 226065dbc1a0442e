import { ConfigError } from '../../config/config-error.js';
import type { Fields } from '../../config/fields.js';

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
}

export const YOTI_CONFIG_KEYS = [
  'baseUrl',
  'sdkId',
  'privateKey',
  'privateKeyPath',
  'notifications',
] as const;

export function parseYotiConfig(f: Fields): YotiConfig {
  const privateKey = f.optionalString('privateKey');
  const privateKeyPath = f.optionalString('privateKeyPath');
  if (!privateKey === !privateKeyPath) {
    throw new ConfigError(
      `${f.path}: expected exactly one of privateKeyPath and privateKey, received ${privateKey ? 'both' : 'neither'}`,
    );
  }
  const notifications = f.object('notifications');
  notifications?.only(['authToken']);
  return {
    where: f.path,
    baseUrl: f.url('baseUrl', 'https://api.yoti.com/idverify/v1'),
    sdkId: f.string('sdkId'),
    ...(privateKey ? { privateKey } : {}),
    ...(privateKeyPath ? { privateKeyPath } : {}),
    ...(notifications ? { notifications: { authToken: notifications.string('authToken') } } : {}),
  };
}
