import { describeValue, isSafeId, SAFE_ID_RULE } from '@idvkit/http';
import { ConfigError } from '../../config/config-error.js';
import type { Fields } from '../../config/fields.js';

/** `providers.idnow` of idvkit.config.json. */
export interface IdnowConfig {
  baseUrl: string;
  tokenUrl: string;
  clientId?: string;
  clientSecret?: string;
  token?: string;
  flows: Array<{ flowId: string; environment: string }>;
}

export const IDNOW_CONFIG_KEYS = [
  'baseUrl',
  'tokenUrl',
  'clientId',
  'clientSecret',
  'token',
  'flows',
] as const;

export function parseIdnowConfig(f: Fields): IdnowConfig {
  const token = f.optionalString('token');
  const clientId = f.optionalString('clientId');
  const clientSecret = f.optionalString('clientSecret');
  if (token ? clientId || clientSecret : !(clientId && clientSecret)) {
    throw new ConfigError(
      `${f.path}: expected clientId and clientSecret, or token, received ${describeAuth(token, clientId, clientSecret)}`,
    );
  }
  const flows = f.array('flows').map((flow) => {
    flow.only(['flowId', 'environment']);
    const flowId = flow.string('flowId');
    // The flow id becomes a path segment of every list request: the clients' rule, checked before anything runs.
    if (!isSafeId(flowId)) {
      throw new ConfigError(
        `${flow.path}.flowId: expected ${SAFE_ID_RULE}, received ${describeValue(flowId)}`,
      );
    }
    return {
      flowId,
      environment: flow.oneOf('environment', ['live', 'staging'] as const, 'live'),
    };
  });
  return {
    baseUrl: f.url('baseUrl', 'https://api.eu.platform.idnow.io'),
    tokenUrl: f.url('tokenUrl', 'https://auth.eu.platform.idnow.io/oidc/token'),
    ...(clientId ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(token ? { token } : {}),
    flows,
  };
}

/** Names the keys present, never their values. */
function describeAuth(token?: string, id?: string, secret?: string): string {
  if (token)
    return `token together with ${[id && 'clientId', secret && 'clientSecret'].filter(Boolean).join(' and ')}`;
  if (id && !secret) return 'clientId without clientSecret';
  if (!id && secret) return 'clientSecret without clientId';
  return 'neither';
}
