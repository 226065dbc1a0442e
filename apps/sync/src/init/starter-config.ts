/** `${NAME}`: a reference to an environment variable, replaced when the config is read. */
const ref = (name: string) => `\${${name}}`;

/**
 * A starter idvkit.config.json: one connection per provider, every credential an `${ENV}` reference (so the file
 * holds no secret), the providers' documented defaults left out. Delete the connections you do not use.
 */
export function starterConfig(schema: string) {
  return {
    $schema: schema,
    connections: {
      idnow: {
        provider: 'idnow',
        environment: 'live',
        clientId: ref('IDNOW_CLIENT_ID'),
        clientSecret: ref('IDNOW_CLIENT_SECRET'),
        flows: [ref('IDNOW_FLOW_ID')],
      },
      yoti: { provider: 'yoti', sdkId: ref('YOTI_SDK_ID'), privateKeyPath: ref('YOTI_PRIVATE_KEY_PATH') },
      complycube: { provider: 'complycube', apiKey: ref('COMPLYCUBE_API_KEY') },
      verifa: { provider: 'verifa', apiKey: ref('VERIFA_API_KEY') },
    },
  };
}

/** The environment variables {@link starterConfig} refers to. */
export function starterVariables(config: unknown): string[] {
  return [...new Set(JSON.stringify(config).match(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/g) ?? [])].map((v) =>
    v.slice(2, -1),
  );
}
