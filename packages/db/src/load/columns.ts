import type { checkRows, datablockRows, sessionRow } from './session-rows.js';

/** Column name → SQL type of each loaded table, in insert order. Keys match the row builders' keys. */
const SESSION_TYPES = {
  provider: 'text',
  session_id: 'text',
  connection: 'text',
  environment: 'text',
  flow_id: 'text',
  flow_version: 'text',
  subject_ref: 'text',
  status: 'text',
  provider_status: 'text',
  is_terminal: 'boolean',
  outcome: 'text',
  provider_outcome: 'text',
  created_at: 'timestamptz',
  started_at: 'timestamptz',
  completed_at: 'timestamptz',
  updated_at: 'timestamptz',
  expires_at: 'timestamptz',
  last_step_id: 'text',
  last_step_type: 'text',
  last_step_verdict: 'text',
  reason_code: 'text',
  provider_reason: 'text',
  raw: 'jsonb',
} as const satisfies Record<keyof ReturnType<typeof sessionRow>, string>;

const CHECK_TYPES = {
  provider: 'text',
  session_id: 'text',
  connection: 'text',
  check_id: 'text',
  check_type: 'text',
  status: 'text',
  provider_status: 'text',
  result: 'text',
  provider_result: 'text',
  created_at: 'timestamptz',
  completed_at: 'timestamptz',
  reason_code: 'text',
  provider_reason: 'text',
  raw: 'jsonb',
} as const satisfies Record<keyof ReturnType<typeof checkRows>[number], string>;

const DATABLOCK_TYPES = {
  provider: 'text',
  session_id: 'text',
  connection: 'text',
  datablock_type: 'text',
  datablock_id: 'text',
  status: 'text',
  created_at: 'timestamptz',
} as const satisfies Record<keyof ReturnType<typeof datablockRows>[number], string>;

export const SESSION_COLUMNS = Object.keys(SESSION_TYPES);
export const CHECK_COLUMNS = Object.keys(CHECK_TYPES);
export const DATABLOCK_COLUMNS = Object.keys(DATABLOCK_TYPES);
const recordset = (types: Record<string, string>) =>
  Object.entries(types)
    .map(([c, t]) => `${c} ${t}`)
    .join(', ');
export const SESSION_RECORDSET = recordset(SESSION_TYPES);
export const CHECK_RECORDSET = recordset(CHECK_TYPES);
export const DATABLOCK_RECORDSET = recordset(DATABLOCK_TYPES);
export const SESSION_UPDATES = SESSION_COLUMNS.filter((c) => c !== 'provider' && c !== 'session_id')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');
