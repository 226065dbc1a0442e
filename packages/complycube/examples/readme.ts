// The TypeScript blocks of ../README.md in order, verbatim (their imports merged at the top), type-checked
// against the package's public exports: `npx tsc -p packages/complycube/examples`.
// biome-ignore-all lint/suspicious/noConsole: the README snippets print what they get
import { createServer } from 'node:http';
import {
  ApiTimeoutError,
  type ComplyCubeErrorBody,
  createComplyCubeClient,
  NotFoundError,
  RateLimitError,
  verifyWebhook,
  WebhookVerificationError,
  withResponse,
} from '@idvkit/complycube';

// --- authentication ---
const complycube = createComplyCubeClient({
  apiKey: process.env.COMPLYCUBE_API_KEY!, // sent as `Authorization: <key>`
  // baseUrl: 'https://api.complycube.com/v1' (default)
});

// --- create a session ---
const client = await complycube.createClient({
  type: 'person',
  email: 'john.doe@example.com',
  personDetails: { firstName: 'John', lastName: 'Doe' },
});
const { redirectUrl } = await complycube.createFlowSession({
  clientId: client.id,
  workflowTemplateId: '68566be2a37a78622f4f7be3',
  successUrl: 'https://example.com/verified',
  cancelUrl: 'https://example.com/cancelled',
});
console.log('send the client to', redirectUrl);

// --- list with for await ---
for await (const session of complycube.listWorkflowSessions({
  clientId: client.id,
  updatedAfter: '2025-01-01T00:00:00.000Z',
  pageSize: 1000,
})) {
  console.log(session.id, session.workflowTemplateName, session.status, session.outcome ?? 'no outcome yet');
}
for await (const check of complycube.listChecks({ clientId: client.id, 'result.outcome': 'rejected' })) {
  console.log(check.type, check.result?.outcome, check.result?.breakdown);
}

// --- verify webhooks ---
createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const event = await verifyWebhook(
      { body: Buffer.concat(chunks), headers: req.headers },
      { secret: process.env.COMPLYCUBE_WEBHOOK_SECRET ?? '' },
    );
    console.log(event.type, event.payload?.id); // e.g. check.completed <checkId>
    res.writeHead(204).end();
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) throw err;
    res.writeHead(err.reason === 'malformed' ? 400 : 401).end(err.reason);
  }
}).listen(8080);

// --- per-call options ---
const controller = new AbortController();
const perCall = {
  timeoutMs: 5_000,
  maxRetries: 1,
  headers: { 'X-Request-Source': 'onboarding' },
  signal: controller.signal,
};
try {
  const got = await withResponse(
    (o) => complycube.getWorkflowSession('5eb2b61e02df0a0008f1cf2a', o),
    perCall,
  );
  console.log(got.data.status, got.status, got.requestId);
} catch (err) {
  if (!(err instanceof ApiTimeoutError)) throw err;
}

// --- errors ---
try {
  await complycube.getWorkflowSession('5eb2b61e02df0a0008f1cf2a');
} catch (err) {
  if (err instanceof NotFoundError) {
    const body = err.body as ComplyCubeErrorBody; // { type: 'resource_not_found', message: … }
    console.warn(err.operation, err.status, body.type, err.requestId);
  } else if (err instanceof RateLimitError) {
    // ComplyCube allows 10 requests/s (live) and 5/s (test); retries already backed off.
  } else {
    throw err;
  }
}
