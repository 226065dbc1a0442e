// biome-ignore-all lint/suspicious/noConsole: README examples print what they read.
// The code blocks of ../README.md, in order, type-checked against the package's public exports
// (`npx tsc -p examples`). Keep both in sync.

// #region client
import { createServer } from 'node:http';
import {
  ConflictError,
  createYotiClient,
  NotFoundError,
  type Session,
  verifyWebhook,
  WebhookVerificationError,
  withResponse,
} from '@idvkit/yoti';

const yoti = createYotiClient({
  sdkId: process.env.YOTI_CLIENT_SDK_ID ?? '',
  privateKeyPath: process.env.YOTI_KEY_FILE_PATH ?? '', // read once, when the client is created
  // or: privateKey: pemText,
  // default baseUrl: https://api.yoti.com/idverify/v1
});
// #endregion client

// #region create-session
const created = await yoti.createSession({
  client_session_token_ttl: 600, // seconds, more than 300
  resources_ttl: 604_800, // keep data and media 7 days
  user_tracking_id: 'customer-1234',
  requested_checks: [
    { type: 'ID_DOCUMENT_AUTHENTICITY' },
    { type: 'ID_DOCUMENT_FACE_MATCH', config: { manual_check: 'FALLBACK' } },
    { type: 'LIVENESS', config: { liveness_type: 'ZOOM', max_retries: 3 } },
  ],
  requested_tasks: [{ type: 'ID_DOCUMENT_TEXT_DATA_EXTRACTION', config: { manual_check: 'FALLBACK' } }],
  notifications: {
    endpoint: 'https://example.com/yoti/notifications',
    topics: ['SESSION_COMPLETION', 'CHECK_COMPLETION'],
    auth_token: process.env.YOTI_NOTIFICATION_TOKEN ?? '',
    auth_type: 'BEARER',
  },
});
// Store created.session_id. created.client_session_token is a SECRET: hand it to the user's browser only.
const iframeUrl = `https://api.yoti.com/idverify/v1/web/index.html?sessionID=${created.session_id}&sessionToken=${created.client_session_token}`;
// #endregion create-session

// #region list
// Yoti has no list endpoint: iterate over the session ids you stored when you created them.
async function* sessions(ids: Iterable<string>): AsyncGenerator<Session> {
  for (const id of ids) yield await yoti.getSession(id);
}

for await (const session of sessions([created.session_id])) {
  for (const check of session.checks ?? []) {
    // APPROVE | REJECT | NOT_AVAILABLE | CONSIDER (an open string)
    console.log(session.session_id, session.state, check.type, check.report?.recommendation?.value);
  }
}
// #endregion list

// #region media-delete
const media = await yoti.getMedia(created.session_id, 'media-id');
if (media.withheld) {
  // 204: the media exists but regulations prevent Yoti from returning it. Not an error.
} else {
  console.log(media.contentType, media.bytes.byteLength);
}

try {
  await yoti.deleteSession(created.session_id);
} catch (err) {
  if (err instanceof ConflictError) {
    // 409: its checks are still running; try again once the session is COMPLETED or EXPIRED.
  } else if (!(err instanceof NotFoundError)) throw err;
}
// #endregion media-delete

// #region per-call-options
const controller = new AbortController();
const session = await yoti.getSession(created.session_id, {
  timeoutMs: 5_000, // per attempt
  maxRetries: 1,
  signal: controller.signal, // aborting rejects with ApiAbortError
  headers: { 'X-Correlation-Id': 'job-42' },
});
const { data, status, requestId, headers } = await withResponse((options) =>
  yoti.getSession(created.session_id, options),
);
// #endregion per-call-options

// #region webhooks
createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const notification = await verifyWebhook(
      { body: Buffer.concat(chunks), headers: req.headers },
      { authToken: process.env.YOTI_NOTIFICATION_TOKEN ?? '' }, // the auth_token set on the session
    );
    res.writeHead(204).end(); // acknowledge quickly
    if (notification.topic === 'session_completion') await yoti.getSession(notification.session_id);
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) throw err;
    res.writeHead(err.reason === 'malformed' ? 400 : 401).end(err.reason);
  }
}).listen(8080);

// #endregion webhooks

export { data, headers, iframeUrl, requestId, session, status };
