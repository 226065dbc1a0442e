import type { Migration } from './migration.js';

/**
 * Session ids the provider answered 404 for although a list showed them or a notification announced them, before
 * idvkit ever stored them: how many runs asked in vain, and when the sync gave up asking. See docs/schema.md.
 */
export const notFoundSessions: Migration = {
  version: 3,
  name: 'not_found_sessions',
  statements: [
    `CREATE TABLE idv.not_found_sessions (
      provider text NOT NULL,
      session_id text NOT NULL,
      not_found_runs integer NOT NULL CONSTRAINT not_found_sessions_runs_check CHECK (not_found_runs > 0),
      first_not_found_at timestamptz NOT NULL,
      last_not_found_at timestamptz NOT NULL,
      last_run_id uuid NOT NULL,
      given_up_at timestamptz,
      CONSTRAINT not_found_sessions_pkey PRIMARY KEY (provider, session_id)
    )`,
  ],
};
