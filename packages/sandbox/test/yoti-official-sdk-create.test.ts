import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

// The official Yoti SDK is CommonJS; load it as a real third-party client would.
const require = createRequire(import.meta.url);
const yoti = require('yoti') as Record<string, any>;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 43, sessions: 2 });
});
afterAll(() => sandbox.stop());

describe('official Yoti Node SDK: create and delete against the sandbox', () => {
  it('createSession (signed over the body by the SDK), getSession and deleteSession', async () => {
    const { sdkId, privateKeyPem } = sandbox.credentials.yoti;
    const client = new yoti.IDVClient(sdkId, privateKeyPem, { apiUrl: sandbox.baseUrls.yoti });
    const specification = new yoti.SessionSpecificationBuilder()
      .withClientSessionTokenTtl(900)
      .withResourcesTtl(90_000)
      .withUserTrackingId('sdk-user')
      .withRequestedCheck(new yoti.RequestedDocumentAuthenticityCheckBuilder().build())
      .withRequestedCheck(new yoti.RequestedLivenessCheckBuilder().forZoomLiveness().build())
      .withNotifications(
        new yoti.NotificationConfigBuilder()
          .withEndpoint('https://example.com/hook')
          .withAuthToken('user:pass')
          .forSessionCompletion()
          .build(),
      )
      .build();
    const created = await client.createSession(specification);
    expect(created.getClientSessionTokenTtl()).toBe(900);
    const id = created.getSessionId();
    expect(sandbox.yotiSessionIds()).toContain(id);
    const session = await client.getSession(id);
    expect(session.getState()).toBe('ONGOING');
    expect(session.getClientSessionToken()).toBe(created.getClientSessionToken());
    expect(session.getUserTrackingId()).toBe('sdk-user');
    await client.deleteSession(id);
    expect(sandbox.yotiSessionIds()).not.toContain(id);
  });
});
