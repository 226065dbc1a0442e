// biome-ignore-all lint/suspicious/noConsole: the README examples print what they read
// The code of README.md, section by section (type-checked against the package's public exports).
import { createServer } from 'node:http';
import {
  createIdnowClient,
  datablocksOf,
  IDNOW_JWKS_URLS,
  NotFoundError,
  verifyWebhook,
  WebhookVerificationError,
  withResponse,
} from '@idvkit/idnow';

// ## Create a client
const idnow = createIdnowClient({
  clientId: process.env.IDNOW_CLIENT_ID ?? '',
  clientSecret: process.env.IDNOW_CLIENT_SECRET ?? '',
  // defaults: baseUrl https://api.eu.platform.idnow.io, tokenUrl https://auth.eu.platform.idnow.io/oidc/token
});

// ## Flows
// One list, whichever shape IDnow answers in (unpaged, or 1-based pages followed to the end).
const flows = await idnow.listFlows('live');
for (const flow of flows) console.log(flow.flowId, flow.name, flow.version ?? '(no version)');
const flowId = flows[0]?.flowId ?? 'my-flow-id';

// ## Create a session
const created = await idnow.createSession(flowId, 'live', {
  input: { basicIdentity: { firstName: 'Erika', lastName: 'Mustermann', dateOfBirth: '1984-08-12' } },
  metadata: { subjectId: 'customer-4711', locale: 'de' },
  redirectUrl: 'https://shop.example.com/kyc/return',
  state: 'opaque-csrf-state',
});
const sessionId = created.sessionContext.sessionId;
// Send the user to created.playerUrl, or hand created.sdkToken (a secret: never log it) to the SDK on their device.
console.log(sessionId, created.sessionContext.sessionStatus, created.playerUrl);

// ## List sessions with for await
for await (const s of idnow.listSessions({ flowId, environment: 'live', size: 100, sortBy: 'createdAt' })) {
  console.log(s.sessionId, s.sessionStatus, s.outcome, s.updatedAt);
}

// ## Read results, datablocks and files
const session = await idnow.getSession('live', sessionId);
if (session.outcome?.toLowerCase() === 'accepted') {
  const list = await idnow.getDatablocks('live', sessionId);
  for (const block of datablocksOf(list)) console.log(block.type, block.status);
}
try {
  // A vault reference { $ref: 'vault', $id } from a datablock: 302 to a pre-signed URL, fetched without the token.
  const file = await idnow.downloadFile('live', 'vault-entry-id');
  console.log(file.contentType, file.bytes.byteLength);
} catch (err) {
  if (!(err instanceof NotFoundError)) throw err;
}

// ## Per-call options
const controller = new AbortController();
const { data, requestId, status } = await withResponse(
  (options) => idnow.getSession('live', sessionId, options),
  { timeoutMs: 5_000, maxRetries: 1, signal: controller.signal, headers: { 'X-Correlation-Id': 'order-42' } },
);
console.log(status, requestId, data.sessionStatus);
// A create is retried only with a key; IDnow documents no deduplication, so a retry may create a second session.
await idnow.createSession(
  flowId,
  'live',
  { metadata: { subjectId: 'customer-4712' } },
  { idempotencyKey: 'order-43' },
);

// ## Verify webhooks
createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const event = await verifyWebhook(
      { body: Buffer.concat(chunks), headers: req.headers },
      { jwksUrl: IDNOW_JWKS_URLS.production }, // issuer?, audience?
    );
    console.log(event.eventId, event.eventName, event.payload?.sessionId);
    res.writeHead(204).end(); // within 10 s; dedupe on eventId, order by eventSequence
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) throw err;
    res.writeHead(err.reason === 'jwks_unavailable' ? 503 : 401).end(err.reason);
  }
}).listen(8080);
