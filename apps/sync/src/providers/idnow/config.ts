import { describeValue, isSafeId, SAFE_ID_RULE } from '@idvkit/http';
import { ConfigError, describeValue as describeConfigValue } from '../../config/config-error.js';
import { Fields } from '../../config/fields.js';

const ENVIRONMENTS = ['live', 'staging'] as const;

/** An IDnow connection's settings (`connections.<name>` with provider idnow, or the shorthand `providers.idnow`). */
export interface IdnowConfig {
  baseUrl: string;
  tokenUrl: string;
  clientId?: string;
  clientSecret?: string;
  token?: string;
  /** The environment the API client is scoped to; absent in a shorthand whose flows name their own. */
  environment?: 'live' | 'staging';
  flows: Array<{ flowId: string; environment: string }>;
}

export const IDNOW_CONFIG_KEYS = [
  'baseUrl',
  'tokenUrl',
  'clientId',
  'clientSecret',
  'token',
  'environment',
  'flows',
] as const;

/**
 * IDnow API clients are environment-scoped: one connection is one client, so one environment. `flows` lists flow
 * ids (`"<id>"`), or, as before connections, `{ flowId, environment }` objects; these may name an environment
 * only when it is the connection's (a shorthand without `environment` keeps the older per-flow environments).
 * @see https://docs.idnow.io (Trust Platform: API clients per environment)
 */
export function parseIdnowConfig(f: Fields): IdnowConfig {
  const token = f.optionalString('token');
  const clientId = f.optionalString('clientId');
  const clientSecret = f.optionalString('clientSecret');
  if (token ? clientId || clientSecret : !(clientId && clientSecret)) {
    throw new ConfigError(
      `${f.path}: expected clientId and clientSecret, or token, received ${describeAuth(token, clientId, clientSecret)}`,
    );
  }
  const environment =
    f.value.environment === undefined ? undefined : f.oneOf('environment', ENVIRONMENTS, 'live');
  const list = f.value.flows;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError(
      `${f.path}.flows: expected a non-empty array of flow ids, received ${describeConfigValue(list)}`,
    );
  }
  const flows = list.map((item: unknown, i) => {
    const where = `${f.path}.flows[${i}]`;
    const flow = typeof item === 'string' ? null : Fields.of(item, where).only(['flowId', 'environment']);
    const flowId = flow ? flow.string('flowId') : (item as string);
    // The flow id becomes a path segment of every list request: the clients' rule, checked before anything runs.
    if (!isSafeId(flowId)) {
      throw new ConfigError(
        `${flow ? `${where}.flowId` : where}: expected ${SAFE_ID_RULE}, received ${describeValue(flowId)}`,
      );
    }
    const own =
      flow?.value.environment === undefined ? undefined : flow.oneOf('environment', ENVIRONMENTS, 'live');
    if (environment && own && own !== environment) {
      throw new ConfigError(
        `${where}.environment: expected "${environment}" (the connection's environment: an IDnow API client sees one environment), received "${own}"`,
      );
    }
    return { flowId, environment: own ?? environment ?? 'live' };
  });
  return {
    baseUrl: f.url('baseUrl', 'https://api.eu.platform.idnow.io'),
    tokenUrl: f.url('tokenUrl', 'https://auth.eu.platform.idnow.io/oidc/token'),
    ...(clientId ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(token ? { token } : {}),
    ...(environment ? { environment } : {}),
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
