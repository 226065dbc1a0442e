import type { RequestOptions } from '@idvkit/http';
import type { components, operations } from './generated/schema.js';

/** A workflow session (`GET /workflowSessions/{id}`, and the items of the list). */
export type WorkflowSession = components['schemas']['WorkflowSession'];
/** One page of `GET /workflowSessions`: `{ page, pageSize, totalItems, pages, items }`. */
export type WorkflowSessionList = components['schemas']['WorkflowSessionList'];
/** A workflow session's reference to one of its checks: `{ checkId, type, taskId }`. */
export type RelatedCheck = components['schemas']['RelatedCheck'];
/** A check (`GET /checks/{id}`). */
export type Check = components['schemas']['Check'];
/** A check's result: `outcome` plus type-specific fields. */
export type CheckResult = components['schemas']['CheckResult'];
/** One page of `GET /checks`: `{ page, pageSize, totalItems, pages, items }`. */
export type CheckList = components['schemas']['CheckList'];
/** Why a check has its outcome (type-specific): what explains a rejection. */
export type CheckBreakdown = components['schemas']['CheckBreakdown'];
/** Body of `POST /clients`: a `person` with `personDetails` or a `company` with `companyDetails`. */
export type ClientCreate = components['schemas']['ClientCreate'];
/** A client (person or company). */
export type Client = components['schemas']['Client'];
/** Body of `POST /flow/sessions`. */
export type FlowSessionCreate = components['schemas']['FlowSessionCreate'];
/** What `POST /flow/sessions` returns: only `redirectUrl` (no session id). */
export type FlowSessionCreated = components['schemas']['FlowSessionCreated'];
/** What complete and cancel return: the session's new `status`. */
export type WorkflowSessionStatusChange = components['schemas']['WorkflowSessionStatusChange'];
/** ComplyCube's error body: `{ type, message, param? }`. */
export type ComplyCubeErrorBody = components['schemas']['Error'];

/** Query of {@link ComplyCubeClient.listWorkflowSessions}: the endpoint's filters, and the page to start from. */
export type ListWorkflowSessionsQuery = Omit<
  NonNullable<operations['listWorkflowSessions']['parameters']['query']>,
  'page'
> & {
  /** First page to fetch (1-based). Default 1. */
  startPage?: number;
};

/** Query of {@link ComplyCubeClient.listChecks}: the endpoint's filters, and the page to start from. */
export type ListChecksQuery = Omit<NonNullable<operations['listChecks']['parameters']['query']>, 'page'> & {
  /** First page to fetch (1-based). Default 1. */
  startPage?: number;
};

/** Per-call options (`timeoutMs`, `maxRetries`, `headers`, `signal`, `idempotencyKey`). */
export type CallOptions = RequestOptions;
