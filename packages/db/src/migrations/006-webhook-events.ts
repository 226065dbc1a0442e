import type { Migration } from './migration.js';

/**
 * Verified webhook deliveries, minimized: which connection received what kind of event about which session or
 * check, and whether the worker has handled it. No payload, no personal data, no token or signature. One row per
 * event: the provider's event id when it sends one, else the SHA-256 of the body, is unique per connection, so
 * a redelivered or replayed event is dropped. See docs/schema.md.
 *
 * Numbered 006: 005 (named connections) lands separately; `migrate` applies whatever is missing in order.
 */
export const webhookEvents: Migration = {
  version: 6,
  name: 'webhook_events',
  statements: [
    `CREATE TABLE idv.webhook_events (
      id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT webhook_events_pkey PRIMARY KEY,
      connection text NOT NULL,
      provider text NOT NULL,
      provider_event_id text,
      body_sha256 text CONSTRAINT webhook_events_body_sha256_check CHECK (body_sha256 ~ '^[0-9a-f]{64}$'),
      event_type text,
      session_id text,
      check_id text,
      received_at timestamptz NOT NULL DEFAULT now(),
      processed_at timestamptz,
      status text NOT NULL DEFAULT 'queued'
        CONSTRAINT webhook_events_status_check CHECK (status IN ('queued', 'processed', 'ignored', 'failed')),
      CONSTRAINT webhook_events_key_check CHECK ((provider_event_id IS NULL) <> (body_sha256 IS NULL))
    )`,
    `CREATE UNIQUE INDEX webhook_events_dedupe_idx
      ON idv.webhook_events (connection, (coalesce(provider_event_id, 'sha256:' || body_sha256)))`,
    `CREATE INDEX webhook_events_open_idx ON idv.webhook_events (received_at) WHERE processed_at IS NULL`,
  ],
};
