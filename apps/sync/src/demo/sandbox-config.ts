import type { Sandbox } from '@idvkit/sandbox';

/** The credentials of an IDnow API client. */
interface IdnowClient {
  clientId: string;
  clientSecret: string;
}

/** Options of {@link sandboxConfig}. */
export interface SandboxConfigOptions {
  yotiNotificationsToken?: string;
  /**
   * `connections` (the default): IDnow as two connections, `idnow-live` and `idnow-staging`, one API client per
   * environment as on a real account. `provider`: the `providers.idnow` shorthand with both environments' flows
   * (the benchmarks compare against runs configured so).
   */
  idnow?: 'connections' | 'provider';
  /**
   * The IDnow connections' `flows`: `all` (the default, as in a user's config), discovered each run through
   * `GET /api/v1/flows/{environment}`, which the sandbox serves per environment; `listed`, the sandbox's flow ids
   * of each environment.
   */
  idnowFlows?: 'listed' | 'all';
}

/**
 * An idvkit config (as JSON) for a running sandbox, with its default credentials. The sandbox has no rate
 * limits unless asked, so the request rates are raised above the providers' documented limits. It uses both
 * forms: `connections` for IDnow, the `providers` shorthand for the others.
 */
export function sandboxConfig(
  sandbox: Pick<Sandbox, 'baseUrls' | 'credentials' | 'idnowFlows'>,
  opts: SandboxConfigOptions = {},
) {
  const c = sandbox.credentials;
  const idnowBase = {
    provider: 'idnow',
    baseUrl: sandbox.baseUrls.idnow,
    tokenUrl: sandbox.baseUrls.idnowToken,
    requestsPerSecond: 500,
  };
  const flowsOf = (environment: string): string[] | 'all' =>
    opts.idnowFlows !== 'listed'
      ? 'all'
      : sandbox.idnowFlows.filter((f) => f.environment === environment).map((f) => f.flowId);
  const connections = {
    'idnow-live': { ...idnowBase, environment: 'live', ...idnowClient(c, 'live'), flows: flowsOf('live') },
    'idnow-staging': {
      ...idnowBase,
      environment: 'staging',
      ...idnowClient(c, 'staging'),
      flows: flowsOf('staging'),
    },
  };
  const idnowShorthand = {
    baseUrl: sandbox.baseUrls.idnow,
    tokenUrl: sandbox.baseUrls.idnowToken,
    clientId: String(c.idnow.clientId),
    clientSecret: String(c.idnow.clientSecret),
    flows: sandbox.idnowFlows,
    requestsPerSecond: 500,
  };
  const json = {
    ...(opts.idnow === 'provider' ? {} : { connections }),
    providers: {
      ...(opts.idnow === 'provider' ? { idnow: idnowShorthand } : {}),
      yoti: {
        baseUrl: sandbox.baseUrls.yoti,
        sdkId: String(c.yoti.sdkId),
        privateKey: c.yoti.privateKeyPem,
        requestsPerSecond: 500,
        ...(opts.yotiNotificationsToken ? { notifications: { authToken: opts.yotiNotificationsToken } } : {}),
      },
      complycube: {
        baseUrl: sandbox.baseUrls.complycube,
        apiKey: String(c.complycube.apiKey),
        requestsPerSecond: 500,
      },
      verifa: { baseUrl: sandbox.baseUrls.verifa, apiKey: String(c.verifa.apiKey), requestsPerSecond: 500 },
    },
  };
  return {
    json,
    yotiKeyNote: '  yoti key    the sandbox-only test key in packages/sandbox/keys/ (never use it elsewhere)',
  };
}

/**
 * The sandbox's IDnow client of an environment. Sandboxes that scope clients by environment expose
 * `credentials.idnow.live` / `.staging`; older ones one client that sees both, used for both connections.
 */
function idnowClient(c: Sandbox['credentials'], environment: 'live' | 'staging'): IdnowClient {
  const idnow = c.idnow as unknown as Partial<Record<'live' | 'staging', IdnowClient>> & Partial<IdnowClient>;
  const client = 'live' in idnow ? idnow[environment] : idnow;
  return { clientId: String(client?.clientId), clientSecret: String(client?.clientSecret) };
}
