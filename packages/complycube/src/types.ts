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

/** Per-call options (`timeoutMs`, `maxRetries`, `headers`, `signal`, `idempotencyKey`). */
export type CallOptions = RequestOptions;
