import { complyCubeWebhookSender } from '../providers/complycube/webhook-out.js';
import { idnowWebhookSender } from '../providers/idnow/webhook-out.js';
import { verifaWebhookSender } from '../providers/verifa/webhook-out.js';
import { yotiWebhookSender } from '../providers/yoti/webhook-out.js';
import type { Provider } from '../types.js';
import type { WebhookSender } from './types.js';

/** Outbound webhook senders, one per provider; each provider's emulation registers its own here. */
export const WEBHOOK_SENDERS: Partial<Record<Provider, WebhookSender>> = {
  idnow: idnowWebhookSender,
  yoti: yotiWebhookSender,
  complycube: complyCubeWebhookSender,
  verifa: verifaWebhookSender,
};
