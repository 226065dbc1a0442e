import type { Sandbox } from '@idvkit/sandbox';

/**
 * An idvkit config (as JSON) for a running sandbox, with its default credentials. The sandbox has no rate
 * limits unless asked, so the request rates are raised above the providers' documented limits.
 */
export function sandboxConfig(sandbox: Sandbox, opts: { yotiNotificationsToken?: string } = {}) {
  const c = sandbox.credentials;
  const json = {
    providers: {
      idnow: {
        baseUrl: sandbox.baseUrls.idnow,
        tokenUrl: sandbox.baseUrls.idnowToken,
        clientId: String(c.idnow.clientId),
        clientSecret: String(c.idnow.clientSecret),
        flows: sandbox.idnowFlows,
        requestsPerSecond: 500,
      },
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
