import type { SensitiveKeys } from '../../engine/minimize.js';

/** `redirectUrl` and `state` can carry the customer's CSRF state and tokens; datablock content is never fetched. */
export const IDNOW_SENSITIVE_KEYS: SensitiveKeys = { secret: ['redirectUrl', 'state'], personal: [] };
