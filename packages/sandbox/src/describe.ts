import type { Sandbox } from './types.js';

/**
 * A human-readable summary of a running sandbox: where each provider lives, the sandbox-only
 * credentials to use, the IDnow flows and the admin endpoints. It never prints key material
 * (the Yoti private key is referenced by path).
 */
export function describeSandbox(sandbox: Sandbox): string {
  const { baseUrls, credentials } = sandbox;
  const flows = sandbox.idnowFlows.map((f) => `    - flow ${f.flowId} (${f.environment})`).join('\n');
  return [
    `idvkit sandbox at ${sandbox.url} (virtual now ${sandbox.now().toISOString()})`,
    '',
    `  IDnow       ${baseUrls.idnow}`,
    `    token URL ${baseUrls.idnowToken}`,
    `    client id ${credentials.idnow.clientId} / secret ${credentials.idnow.clientSecret}`,
    flows,
    `  Yoti        ${baseUrls.yoti}`,
    `    SDK id    ${credentials.yoti.sdkId}`,
    `    key file  ${credentials.yoti.privateKeyPath} (sandbox-only test key)`,
    `  ComplyCube  ${baseUrls.complycube}`,
    `    API key   ${credentials.complycube.apiKey}`,
    `  Verifa      ${baseUrls.verifa}`,
    `    API key   ${credentials.verifa.apiKey}`,
    '',
    `  Admin       ${sandbox.url}/_admin/{info,stats,advance,faults,truth,webhooks,yoti/session-ids,yoti/notify,idnow/revoke-tokens}`,
  ].join('\n');
}
