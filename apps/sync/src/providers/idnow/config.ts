import { describeValue, isSafeId, SAFE_ID_RULE } from '@idvkit/http';
import * as z from 'zod';
import { checkUrl, type UrlPolicy } from '../../config/check-url.js';
import { ConfigError, describeValue as describeConfigValue } from '../../config/config-error.js';
import { oneOf, secret, strict, text, urlOr } from '../../config/schema-kit.js';

const ENVIRONMENTS = ['live', 'staging'] as const;

/** An IDnow connection's settings (`connections.<name>` with provider idnow, or the shorthand `providers.idnow`). */
export interface IdnowConfig {
  baseUrl: string;
  tokenUrl: string;
  clientId?: string;
  clientSecret?: string;
  token?: string;
  /**
   * The environment the API client is scoped to; absent only in a shorthand whose listed flows name their own.
   * Always set with `flows: "all"` (`live` when the config leaves it out).
   */
  environment?: 'live' | 'staging';
  /** `all`: every flow of the environment, discovered each run (`GET /api/v1/flows/{environment}`). */
  flows: 'all' | IdnowFlowRef[];
}

/** A configured flow: its id and the environment its sessions are listed in. */
export interface IdnowFlowRef {
  flowId: string;
  environment: string;
}

const FLOW = 'a flow id, or an object { "flowId", "environment"? }';
const FLOWS = '"all" or a non-empty array of flow ids';

const FLOW_LIST = z
  .array(
    z.union(
      [
        text('A flow id.'),
        strict({
          flowId: text('A flow id.'),
          environment: oneOf(
            ENVIRONMENTS,
            "The flow's environment (the connection's, when it names one).",
          ).optional(),
        }),
      ],
      { error: (i) => `expected ${FLOW}, received ${describeConfigValue(i.input)}` },
    ),
  )
  .min(1, { error: `expected ${FLOWS}, received an array of 0` });

const settings = strict({
  baseUrl: urlOr('https://api.eu.platform.idnow.io', 'The IDnow Trust Platform API.'),
  tokenUrl: urlOr('https://auth.eu.platform.idnow.io/oidc/token', 'The OAuth token endpoint.'),
  clientId: text('The API client id (with clientSecret; or give token).').optional(),
  clientSecret: secret('The API client secret (with clientId; or give token).').optional(),
  token: secret('A bearer token, instead of clientId and clientSecret.').optional(),
  environment: oneOf(
    ENVIRONMENTS,
    'The environment the API client is scoped to; each of the connection\'s flows belongs to it. With flows "all" (the default) it is the environment whose flows are discovered: "live" when absent.',
  ).optional(),
  flows: z
    // The list first: the config's error names the branch that failed on more than its type (schema-issue.ts).
    .union([FLOW_LIST, z.literal('all', { error: flowsError })], { error: flowsError })
    .optional()
    .meta({
      default: 'all',
      description:
        'The flows to sync: "all" (the default: every flow of the environment, discovered each run through GET /api/v1/flows/{environment}), or a list of flow ids or { flowId, environment } objects.',
    }),
});

/** The keys of an IDnow connection besides the common ones. */
export const IDNOW_CONFIG_SHAPE = settings.shape;

/**
 * IDnow API clients are environment-scoped: one connection is one client, so one environment. `flows` lists flow
 * ids (`"<id>"`), or, as before connections, `{ flowId, environment }` objects; these may name an environment
 * only when it is the connection's (a shorthand without `environment` keeps the older per-flow environments).
 * @see https://docs.idnow.io (Trust Platform: API clients per environment)
 */
export function buildIdnowConfig(
  v: z.output<typeof settings>,
  where: string,
  policy: UrlPolicy,
): IdnowConfig {
  const { token, clientId, clientSecret, environment } = v;
  if (token ? clientId || clientSecret : !(clientId && clientSecret)) {
    throw new ConfigError(
      `${where}: expected clientId and clientSecret, or token, received ${describeAuth(token, clientId, clientSecret)}`,
    );
  }
  if (v.flows === undefined || v.flows === 'all') {
    // Discovery lists one environment's flows: an API client sees only its own environment.
    return { ...connection(v, where, policy), environment: environment ?? 'live', flows: 'all' };
  }
  const flows = v.flows.map((item, i) => {
    const at = `${where}.flows[${i}]`;
    const flowId = typeof item === 'string' ? item : item.flowId;
    // The flow id becomes a path segment of every list request: the clients' rule, checked before anything runs.
    if (!isSafeId(flowId)) {
      throw new ConfigError(
        `${typeof item === 'string' ? at : `${at}.flowId`}: expected ${SAFE_ID_RULE}, received ${describeValue(flowId)}`,
      );
    }
    const own = typeof item === 'string' ? undefined : item.environment;
    if (environment && own && own !== environment) {
      throw new ConfigError(
        `${at}.environment: expected "${environment}" (the connection's environment: an IDnow API client sees one environment), received "${own}"`,
      );
    }
    return { flowId, environment: own ?? environment ?? 'live' };
  });
  return { ...connection(v, where, policy), ...(environment ? { environment } : {}), flows };
}

/** The URLs and credentials of a connection, checked. */
function connection(
  v: z.output<typeof settings>,
  where: string,
  policy: UrlPolicy,
): Omit<IdnowConfig, 'flows' | 'environment'> {
  const { token, clientId, clientSecret } = v;
  return {
    baseUrl: checkUrl(v.baseUrl ?? 'https://api.eu.platform.idnow.io', `${where}.baseUrl`, policy),
    tokenUrl: checkUrl(
      v.tokenUrl ?? 'https://auth.eu.platform.idnow.io/oidc/token',
      `${where}.tokenUrl`,
      policy,
    ),
    ...(clientId ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(token ? { token } : {}),
  };
}

function flowsError(issue: { input?: unknown }): string {
  return `expected ${FLOWS}, received ${describeFlows(issue.input)}`;
}

/** An array's size or a value's kind: a string is quoted only when short (flow ids and "all" are not secret). */
function describeFlows(value: unknown): string {
  if (typeof value === 'string' && value.length <= 40) return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return describeConfigValue(value);
}

/** Names the keys present, never their values. */
function describeAuth(token?: string, id?: string, secret?: string): string {
  if (token)
    return `token together with ${[id && 'clientId', secret && 'clientSecret'].filter(Boolean).join(' and ')}`;
  if (id && !secret) return 'clientId without clientSecret';
  if (!id && secret) return 'clientSecret without clientId';
  return 'neither';
}
