import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const keyPath = (name: string): string => fileURLToPath(new URL(`../keys/${name}`, import.meta.url));

const YOTI_PRIVATE_KEY_PATH = keyPath('yoti-sandbox-private.pem');
const YOTI_PUBLIC_KEY_PATH = keyPath('yoti-sandbox-public.pem');
const IDNOW_WEBHOOK_KEY_PATH = keyPath('idnow-webhook-sandbox-private.pem');

/**
 * The sandbox's fixed credentials. They are public test material (the Yoti key pair is committed
 * under `packages/sandbox/keys/`, labelled sandbox-only) and grant access to nothing real.
 */
export const SANDBOX_CREDENTIALS = Object.freeze({
  idnow: Object.freeze({
    // A sandbox-only convenience: this client is accepted on every environment (existing tests and the demo use
    // it). Real IDnow API clients belong to one environment, like `live` and `staging` below.
    clientId: 'sandbox-client',
    clientSecret: 'sandbox-secret',
    /** An API client of the `live` environment: its tokens are refused (403) on `staging` paths. */
    live: Object.freeze({ clientId: 'sandbox-live-client', clientSecret: 'sandbox-live-secret' }),
    /** An API client of the `staging` environment: its tokens are refused (403) on `live` paths. */
    staging: Object.freeze({ clientId: 'sandbox-staging-client', clientSecret: 'sandbox-staging-secret' }),
    /** PEM (PKCS#8) key the sandbox signs IDnow webhook JWTs with; its public half is at `baseUrls.idnowJwks`. */
    webhookPrivateKeyPem: readFileSync(IDNOW_WEBHOOK_KEY_PATH, 'utf8'),
    /** `kid` of that key in the JWKS and in every webhook JWT header. */
    webhookKeyId: 'idvkit-sandbox-idnow-1',
  }),
  yoti: Object.freeze({
    sdkId: '2f0b5a3e-9a47-4e8b-8a7d-1c2e3f4a5b6c',
    privateKeyPem: readFileSync(YOTI_PRIVATE_KEY_PATH, 'utf8'),
    publicKeyPem: readFileSync(YOTI_PUBLIC_KEY_PATH, 'utf8'),
    /** Path of the PEM private key, for clients that take `privateKeyPath`. */
    privateKeyPath: YOTI_PRIVATE_KEY_PATH,
  }),
  complycube: Object.freeze({
    apiKey: 'test_sandbox_complycube_key',
    /** A `live_` key: same data, the live rate limit (10 req/s instead of 5). */
    liveApiKey: 'live_sandbox_complycube_key',
  }),
  verifa: Object.freeze({ apiKey: 'vk_sandbox_idvkit' }),
});

/** Shape of {@link SANDBOX_CREDENTIALS}. */
export type SandboxCredentials = typeof SANDBOX_CREDENTIALS;
