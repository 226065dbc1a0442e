import type { SensitiveKeys } from '../../engine/minimize.js';

/** `client_session_token` opens the user's session: it is a secret and is never stored or logged. */
export const YOTI_SENSITIVE_KEYS: SensitiveKeys = {
  secret: ['client_session_token', 'client_session_token_ttl'],
  personal: ['document_fields', 'document_id_photo', 'details'],
};
