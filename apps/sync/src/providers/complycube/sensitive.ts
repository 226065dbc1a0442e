import type { SensitiveKeys } from '../../engine/minimize.js';

/** `entityName` is the person's (or company's) name; check results carry extracted document data. */
export const COMPLYCUBE_SENSITIVE_KEYS: SensitiveKeys = {
  secret: [],
  personal: ['entityName', 'extractedData', 'personalDetails', 'breakdown'],
};
