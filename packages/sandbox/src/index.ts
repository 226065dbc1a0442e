export { DEFAULT_NOW } from './clock.js';
export { SANDBOX_CREDENTIALS, type SandboxCredentials } from './credentials.js';
export { describeSandbox } from './describe.js';
export { DEFAULT_RATE_LIMITS } from './rate-limit.js';
export { DEFAULT_SESSIONS, startSandbox } from './server.js';
export {
  type AdvanceOptions,
  type AdvanceResult,
  type FaultConfig,
  type GroundTruth,
  type IdnowFlowRef,
  type IdsByProvider,
  type JsonObject,
  type JsonValue,
  PROVIDERS,
  type Provider,
  type ProviderStats,
  type RateLimitConfig,
  type Sandbox,
  type SandboxBaseUrls,
  type SandboxOptions,
  type SandboxStats,
  type WebhookCounts,
  type YotiNotificationConfig,
} from './types.js';
export { type DeliveryCounts, type DeliveryOptions, deliverWebhooks } from './webhooks/dispatch.js';
export { WEBHOOK_SENDERS } from './webhooks/senders.js';
export type { OutboundWebhook, WebhookSender, WebhookTarget } from './webhooks/types.js';
