import { ConfigError } from '../../config/config-error.js';
import type { Fields } from '../../config/fields.js';

/** `providers.yoti` of idvkit.config.json. */
export interface YotiConfig {
  baseUrl: string;
  sdkId: string;
  privateKey?: string;
  privateKeyPath?: string;
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
    baseUrl: f.url('baseUrl', 'https://api.yoti.com/idverify/v1'),
    sdkId: f.string('sdkId'),
    ...(privateKey ? { privateKey } : {}),
    ...(privateKeyPath ? { privateKeyPath } : {}),
    ...(notifications ? { notifications: { authToken: notifications.string('authToken') } } : {}),
  };
}
