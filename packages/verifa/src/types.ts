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
