import type { RequestOptions } from '@idvkit/http';
import type { components, operations } from './generated/schema.js';

/** A verification session (`GET /api/v1/sessions/{id}`, and the items of the list). */
export type Session = components['schemas']['Session'];
/** One page of `GET /api/v1/sessions`: `{ data, pagination: { total, limit, offset } }`. */
export type SessionList = components['schemas']['SessionList'];
/** One check within a session. */
export type SessionCheck = components['schemas']['SessionCheck'];
/** A session's workflow run (`GET /api/v1/sessions/{id}/workflow-run`). */
export type WorkflowRun = components['schemas']['WorkflowRun'];
/** The result of one workflow node (an open object). */
export type NodeResult = components['schemas']['NodeResult'];
/** Body of `POST /api/v1/sessions`: every field optional, snake_case keys. */
export type CreateSessionRequest = components['schemas']['CreateSessionRequest'];
/** A new session with its single-use `capture_url` (secret-ish: hand it to the person, never log it). */
export type CreatedSession = components['schemas']['CreatedSession'];
/** The decision on a session (`GET /api/v1/sessions/{id}/result`): `approved`, `rejected` or `needs_review`. */
export type SessionResult = components['schemas']['SessionResult'];
/** A result in `GET /api/v1/results` (no personal data). */
export type ResultListItem = components['schemas']['ResultListItem'];
/** One page of `GET /api/v1/results`. */
export type ResultList = components['schemas']['ResultList'];
/** A session's documents (`GET /api/v1/sessions/{id}/documents`): signed URLs, as strings or objects. */
export type DocumentList = components['schemas']['DocumentList'];
/** One captured image with its signed `url` (valid about 300 s; never log or store it). */
export type SessionDocument = components['schemas']['SessionDocument'];
/** A verification workflow with its name and current version. */
export type Workflow = components['schemas']['Workflow'];
/** One page of `GET /api/v1/workflows`. */
export type WorkflowList = components['schemas']['WorkflowList'];
/** Verifa's error body: `{ error, detail, status_code }`. */
export type VerifaErrorBody = components['schemas']['Error'];

/** Query of {@link VerifaClient.listSessions}: the endpoint's filters, page size and the offset to start at. */
export type ListSessionsQuery = Omit<
  NonNullable<operations['listSessions']['parameters']['query']>,
  'offset'
> & {
  /** Offset of the first session to fetch. Default 0. */
  startOffset?: number;
};

/** Per-call options (`timeoutMs`, `maxRetries`, `headers`, `signal`, `idempotencyKey`). */
export type CallOptions = RequestOptions;

/**
 * Query of {@link VerifaClient.listResults}: `status`, `limit`, the result-creation window (`created_after`
 * inclusive, `created_before` exclusive, ISO 8601 strings or Dates) and the offset to start at.
 */
export type ListResultsQuery = Omit<
  NonNullable<operations['listResults']['parameters']['query']>,
  'offset' | 'created_after' | 'created_before'
> & {
  created_after?: string | Date;
  created_before?: string | Date;
  /** Offset of the first result to fetch. Default 0. */
  startOffset?: number;
};

/** Query of {@link VerifaClient.listWorkflows}: page size and the offset to start at. */
export type ListWorkflowsQuery = Omit<
  NonNullable<operations['listWorkflows']['parameters']['query']>,
  'offset'
> & {
  /** Offset of the first workflow to fetch. Default 0. */
  startOffset?: number;
};
