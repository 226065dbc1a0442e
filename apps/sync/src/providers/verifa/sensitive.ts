import type { SensitiveKeys } from '../../engine/minimize.js';

/**
 * `capture_url` lets anyone continue the capture: secret. `consent_ip`, `metadata` and the result's
 * `extracted_data` and `extracted_age` are personal data.
 */
export const VERIFA_SENSITIVE_KEYS: SensitiveKeys = {
  secret: ['capture_url'],
  personal: ['consent_ip', 'metadata', 'extracted_data', 'extracted_age'],
};
