// biome-ignore-all lint/suspicious/noConsole: README snippets print what they get.
// The code blocks of ../README.md, in order and verbatim (checked with `npx tsc -p examples`).

// #region setup
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import {
  ApiError,
  createVerifaClient,
  NotFoundError,
  RateLimitError,
  UnprocessableEntityError,
  VERIFA_SANDBOX_BASE_URL,
  type VerifaErrorBody,
  verifyWebhook,
  WebhookVerificationError,
  withResponse,
} from '@idvkit/verifa';

const verifa = createVerifaClient({
  apiKey: process.env.VERIFA_API_KEY!, // `vk_live_…` or `vk_sandbox_…`, sent as `X-API-Key`
  baseUrl: VERIFA_SANDBOX_BASE_URL, // default https://api.withverifa.com
  // version: '2026-01-01' (default)
});
// #endregion setup

// #region create-session
// A key makes the create safe to retry: the client retries it like a GET, and Verifa replays the first
// response for the same key and body (a different body with the same key is a 422 `idempotency_mismatch`).
const created = await verifa.createSession(
  { external_ref: 'user-1234', country: 'GB', metadata: { plan: 'pro' } },
  { idempotencyKey: randomUUID() },
);
console.log(created.id, created.status); // ses_…, pending
// created.capture_url is a single-use bearer link (20 minutes): hand it to the person, never log it.
// #endregion create-session

// #region list
for await (const session of verifa.listSessions({ status: 'completed' })) {
  console.log(session.id, session.status, session.updated_at);
}

// Results (the decision) are the one list with a date window: sync them incrementally.
for await (const result of verifa.listResults({ created_after: new Date('2026-10-01T00:00:00Z') })) {
  console.log(result.session_id, result.status, result.rejection_reason_code ?? '');
}

// Page by page:
for await (const { page, items } of verifa.listSessions().pages()) {
  console.log(`${page.pagination.offset + items.length}/${page.pagination.total}`);
}
// #endregion list

// #region result
// The decision exists once the session is `completed` or `under_review`; before that it is a 404.
const decision = await verifa.getSessionResult(created.id).catch((err: unknown) => {
  if (err instanceof NotFoundError) return null;
  throw err;
});
console.log(decision?.status ?? 'not decided yet'); // approved | rejected | needs_review

for await (const workflow of verifa.listWorkflows()) {
  console.log(workflow.id, workflow.name, workflow.version, workflow.is_default ? '(default)' : '');
}

// Documents are signed URLs valid ~300 s; after the sensitive-data window Verifa answers 410 Gone.
const documents = await verifa.listDocuments(created.id).catch((err: unknown) => {
  if (err instanceof ApiError && err.status === 410) return { data: [] };
  throw err;
});
console.log(documents.data.length);
// #endregion result

// #region webhooks
createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    const event = await verifyWebhook(
      { body: Buffer.concat(chunks), headers: req.headers },
      { secret: process.env.VERIFA_WEBHOOK_SECRET! }, // toleranceSeconds: 300, allowLegacy: false
    );
    res.writeHead(204).end();
    const sessionId = event.data?.session_id ?? event.session_id; // Verifa documents a nested and a flat shape
    console.log(event.event, sessionId);
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) throw err;
    res.writeHead(err.reason === 'malformed' ? 400 : 401).end(err.reason);
  }
}).listen(8080);
// #endregion webhooks

// #region options
// Per-call options: a timeout and retry budget for this call only, extra headers, a signal.
const session = await verifa.getSession('ses_abc123', {
  timeoutMs: 5_000,
  maxRetries: 1,
  headers: { 'X-Correlation-Id': 'c-42' },
  signal: AbortSignal.timeout(20_000),
});
console.log(session.status);

// Response metadata of a successful call: status, request id and headers.
const meta = await withResponse((options) => verifa.getWorkflowRun('ses_abc123', options));
console.log(meta.status, meta.requestId, meta.headers['x-ratelimit-remaining'], meta.data.final_status);
// #endregion options

// #region errors
try {
  await verifa.getSession('ses_abc123');
} catch (err) {
  if (err instanceof NotFoundError) {
    const body = err.body as VerifaErrorBody; // { error: 'not_found', detail: …, status_code: 404 }
    console.warn(err.operation, err.status, body.error, err.requestId);
  } else if (err instanceof RateLimitError) {
    console.warn(`rate limited; retry in ${err.retryAfterMs ?? 'unknown'} ms`);
  } else if (err instanceof UnprocessableEntityError) {
    console.warn('invalid request', err.body);
  } else {
    throw err;
  }
}
// #endregion errors
