import type { Migration } from './migration.js';

/** The reporting contract's tables. See docs/schema.md. */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial_schema',
  statements: [
    `CREATE TABLE idv.sessions (
      provider text NOT NULL,
      session_id text NOT NULL,
      environment text,
      flow_id text,
      flow_version text,
      subject_ref text,
      status text NOT NULL CONSTRAINT sessions_status_check
        CHECK (status IN ('created', 'in_progress', 'completed', 'failed', 'abandoned', 'expired', 'unknown')),
      provider_status text,
      is_terminal boolean NOT NULL,
      outcome text NOT NULL CONSTRAINT sessions_outcome_check
        CHECK (outcome IN ('approved', 'rejected', 'review', 'none', 'unknown')),
      provider_outcome text,
      created_at timestamptz,
      started_at timestamptz,
      completed_at timestamptz,
      updated_at timestamptz,
      expires_at timestamptz,
      last_step_id text,
      last_step_type text,
      last_step_verdict text,
      provider_deleted_at timestamptz,
      raw jsonb,
      first_synced_at timestamptz NOT NULL,
      last_synced_at timestamptz NOT NULL,
      CONSTRAINT sessions_pkey PRIMARY KEY (provider, session_id)
    )`,
    `CREATE INDEX sessions_open_idx ON idv.sessions (provider, session_id) WHERE NOT is_terminal`,
    `CREATE INDEX sessions_provider_created_at_idx ON idv.sessions (provider, created_at)`,
    `CREATE INDEX sessions_created_at_idx ON idv.sessions (created_at)`,
    `CREATE TABLE idv.session_checks (
      provider text NOT NULL,
      session_id text NOT NULL,
      check_id text NOT NULL,
      check_type text NOT NULL,
      status text NOT NULL CONSTRAINT session_checks_status_check
        CHECK (status IN ('pending', 'done', 'error', 'unknown')),
      provider_status text,
      result text NOT NULL CONSTRAINT session_checks_result_check
        CHECK (result IN ('pass', 'fail', 'review', 'none', 'unknown')),
      provider_result text,
      created_at timestamptz,
      completed_at timestamptz,
      raw jsonb,
      CONSTRAINT session_checks_pkey PRIMARY KEY (provider, session_id, check_id),
      CONSTRAINT session_checks_session_fkey FOREIGN KEY (provider, session_id)
        REFERENCES idv.sessions (provider, session_id) ON DELETE CASCADE
    )`,
    `CREATE INDEX session_checks_type_idx ON idv.session_checks (provider, check_type)`,
    `CREATE TABLE idv.session_datablocks (
      provider text NOT NULL,
      session_id text NOT NULL,
      datablock_type text NOT NULL,
      datablock_id text NOT NULL,
      status text,
      created_at timestamptz,
      CONSTRAINT session_datablocks_pkey PRIMARY KEY (provider, session_id, datablock_type, datablock_id),
      CONSTRAINT session_datablocks_session_fkey FOREIGN KEY (provider, session_id)
        REFERENCES idv.sessions (provider, session_id) ON DELETE CASCADE
    )`,
    `CREATE TABLE idv.sync_runs (
      run_id uuid PRIMARY KEY,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      status text NOT NULL CONSTRAINT sync_runs_status_check
        CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
      providers text[] NOT NULL,
      options jsonb,
      stats jsonb,
      error text
    )`,
    `CREATE INDEX sync_runs_started_at_idx ON idv.sync_runs (started_at)`,
    `CREATE TABLE idv.sync_state (
      provider text NOT NULL,
      scope text NOT NULL,
      watermark timestamptz,
      cursor jsonb,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT sync_state_pkey PRIMARY KEY (provider, scope)
    )`,
    `CREATE TABLE idv.sync_errors (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      run_id uuid NOT NULL REFERENCES idv.sync_runs (run_id) ON DELETE CASCADE,
      provider text NOT NULL,
      session_id text,
      stage text NOT NULL CONSTRAINT sync_errors_stage_check
        CHECK (stage IN ('list', 'fetch', 'normalize', 'load')),
      reason text NOT NULL,
      payload jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX sync_errors_run_idx ON idv.sync_errors (run_id, provider)`,
    `CREATE TABLE idv.discovered_sessions (
      provider text NOT NULL,
      session_id text NOT NULL,
      source text NOT NULL,
      topic text,
      first_discovered_at timestamptz NOT NULL,
      discovered_at timestamptz NOT NULL,
      CONSTRAINT discovered_sessions_pkey PRIMARY KEY (provider, session_id)
    )`,
  ],
};
