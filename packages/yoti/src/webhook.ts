import { rawBodyBytes, singleHeader, type WebhookRequest, WebhookVerificationError } from '@idvkit/http';
import type { components } from './generated/schema.js';
import { parseNotification } from './notification.js';
import { authorizationMatches, parseAuthorization } from './notification-auth.js';

const PROVIDER = 'yoti';

/** Options of {@link verifyWebhook}. */
export interface YotiWebhookOptions {
  /**
   * The `notifications.auth_token` set on the session (for `auth_type: BASIC`, the `username:password` before
   * base64). Never logged.
   */
  authToken: string;
}

/**
 * Checks a Yoti notification and resolves to it. Yoti does not sign notifications: the only proof of origin is
 * the session's `auth_token` in `Authorization: Bearer <token>` or `Basic <base64(token)>`, compared here in
 * constant time. The payload only names what changed, so fetch the session (`getSession`) rather than trust it.
 * @throws (rejects with) WebhookVerificationError: `missing_signature` (no `Authorization`), `malformed` (not
 * Basic/Bearer, or not a notification body), `bad_signature` (the token does not match).
 * @see https://developers.yoti.com/identity-verification/notifications
 */
export const verifyWebhook = async (
  request: WebhookRequest,
  options: YotiWebhookOptions,
): Promise<components['schemas']['Notification']> => {
  if (!options?.authToken) throw new TypeError('yoti verifyWebhook: expected a non-empty `authToken`');
  const authorization = singleHeader(request.headers, 'Authorization', PROVIDER);
  if (authorization === undefined) {
    throw new WebhookVerificationError(
      PROVIDER,
      'missing_signature',
      'expected an Authorization header, received none',
    );
  }
  const scheme = parseAuthorization(authorization)?.scheme;
  if (scheme !== 'basic' && scheme !== 'bearer') {
    throw new WebhookVerificationError(
      PROVIDER,
      'malformed',
      `expected Authorization: Basic … or Bearer …, received ${scheme ? `scheme ${scheme}` : 'no scheme'}`,
    );
  }
  if (!authorizationMatches(authorization, options.authToken)) {
    throw new WebhookVerificationError(
      PROVIDER,
      'bad_signature',
      `expected Authorization: ${scheme === 'basic' ? 'Basic' : 'Bearer'} to carry the session's notification auth_token, received another token`,
    );
  }
  const body = rawBodyBytes(request.body, PROVIDER);
  try {
    return parseNotification(body);
  } catch (cause) {
    throw new WebhookVerificationError(
      PROVIDER,
      'malformed',
      (cause as Error).message.replace(/^yoti notification: /, ''),
      {
        cause,
      },
    );
  }
};
