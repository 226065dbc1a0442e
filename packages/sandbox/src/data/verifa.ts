import { DAY, isoSeconds } from '../clock.js';
import { prefixedId } from '../ids.js';
import { Rng } from '../prng.js';
import type { JsonObject, JsonValue } from '../types.js';
import { person } from './people.js';
import type { ProviderData } from './provider-data.js';
import { type BaseRecord, RecordStore, timeBetween } from './store.js';

/** Verifa session statuses. */
export type VerifaStatus =
  | 'pending'
  | 'sandbox_pending'
  | 'capturing'
  | 'processing'
  | 'awaiting_external'
  | 'under_review'
  | 'completed'
  | 'expired'
  | 'failed';

/** Compact stored form of a Verifa session. */
export interface VerifaRecord extends BaseRecord {
  seed: number;
  status: VerifaStatus;
  /** `approved | rejected | declined | needs_review` once completed, else null. */
  finalStatus: string | null;
  /** Index of the workflow that ran, or -1 (no workflow: `/workflow-run` is 404). */
  workflow: number;
  runId: string | null;
  /** Data purged by retention (`retention_status: purged`). */
  purged: boolean;
  /** updated_at is not reported (null) until the session first changes. */
  updatedAtHidden: boolean;
  /** When the result came to exist (the session first became `completed` or `under_review`), else null. */
  resultAt: number | null;
  /** The result was decided by a manual review of an `under_review` session. */
  reviewed: boolean;
  /** What `POST /api/v1/sessions` was given (absent for generated sessions). */
  input?: VerifaSessionInput;
}

/** The fields of a created session that the API echoes back (validated, snake_case). */
export interface VerifaSessionInput {
  external_ref?: string;
  country?: string;
  metadata?: JsonObject;
  redirect_url?: string;
}

/** One node of a sandbox workflow. */
export interface WorkflowNode {
  id: string;
  policy: string;
  checkType: string | null;
}

/** A sandbox workflow (the first is the default; the last is an inactive older one no session runs). */
export interface Workflow {
  id: string;
  name: string;
  version: number;
  active: boolean;
  /** Days before the sandbox start the workflow was created, and last changed. */
  ageDays: [number, number];
  nodes: WorkflowNode[];
}

const OPEN: ReadonlySet<VerifaStatus> = new Set([
  'pending',
  'sandbox_pending',
  'capturing',
  'processing',
  'awaiting_external',
  'under_review',
]);
const EXPIRY = 7 * DAY;

function makeWorkflows(seed: number): Workflow[] {
  const rng = Rng.from(seed, 'verifa', 'workflows');
  return [
    {
      id: prefixedId(rng, 'wfl', 16),
      name: 'Standard KYC',
      version: 3,
      active: true,
      ageDays: [400, 35],
      nodes: [
        { id: 'doc', policy: 'document_verification', checkType: 'document' },
        { id: 'face', policy: 'face_match', checkType: 'selfie' },
        { id: 'aml', policy: 'aml_screening', checkType: 'aml' },
        { id: 'manual_review', policy: 'manual_review', checkType: null },
      ],
    },
    {
      id: prefixedId(rng, 'wfl', 16),
      name: 'Database check',
      version: 1,
      active: true,
      ageDays: [180, 180],
      nodes: [
        { id: 'doc', policy: 'document_verification', checkType: 'document' },
        { id: 'db', policy: 'database_verification', checkType: 'database' },
        { id: 'manual_review', policy: 'manual_review', checkType: null },
      ],
    },
    // Drawn after the two above so that their ids (and every generated session) stay as they were.
    {
      id: prefixedId(rng, 'wfl', 16),
      name: 'Legacy KYC',
      version: 7,
      active: false,
      ageDays: [900, 420],
      nodes: [{ id: 'doc', policy: 'document_verification', checkType: 'document' }],
    },
  ];
}

/** Whether a session in this status has a result (`GET …/result` answers 200). */
export function hasResult(status: VerifaStatus): boolean {
  return status === 'completed' || status === 'under_review';
}

/** Generated Verifa sessions and their workflow runs. */
export class VerifaData implements ProviderData<VerifaRecord> {
  readonly store = new RecordStore<VerifaRecord>();
  readonly workflows: readonly Workflow[];
  /** The sandbox's start: workflows' timestamps are relative to it. */
  readonly start: number;
  private readonly seed: number;
  private apiCreates = 0;

  constructor(seed: number, now: number, count: number) {
    this.seed = seed;
    this.start = now;
    this.workflows = makeWorkflows(seed);
    const rng = Rng.from(seed, 'verifa', 'generate');
    for (let i = 0; i < count; i++) this.store.add(this.generate(rng, now));
  }

  private generate(rng: Rng, now: number): VerifaRecord {
    const status = rng.weighted<VerifaStatus>([
      ['completed', 70],
      ['expired', 6],
      ['failed', 4],
      ['pending', 3],
      ['sandbox_pending', 1],
      ['capturing', 4],
      ['processing', 4],
      ['awaiting_external', 2],
      ['under_review', 6],
    ]);
    const open = OPEN.has(status);
    const span = status === 'expired' ? EXPIRY : rng.int(2, 40) * 60_000;
    const createdAt = open
      ? now - rng.int(60, 30 * 3600) * 1000
      : now - rng.int(Math.ceil(span / 1000) + 60, 90 * 86400) * 1000;
    const record = this.newRecord(rng, createdAt, status);
    record.updatedAt = open ? Math.min(now - 1000, createdAt + rng.int(5, 600) * 1000) : createdAt + span;
    if (status === 'pending' || status === 'sandbox_pending') record.updatedAt = createdAt;
    record.finalStatus = status === 'completed' ? this.drawFinal(rng) : null;
    record.purged = !open && now - createdAt > 60 * DAY && rng.chance(0.5);
    record.resultAt = hasResult(record.status) ? record.updatedAt : null;
    return record;
  }

  private drawFinal(rng: Rng): string | null {
    return rng.weighted<string | null>([
      ['approved', 74],
      ['rejected', 10],
      ['declined', 3],
      ['needs_review', 10],
      [null, 3],
    ]);
  }

  private newRecord(rng: Rng, createdAt: number, status: VerifaStatus): VerifaRecord {
    const workflow = rng.weighted([
      [0, 60],
      [1, 25],
      [-1, 15],
    ]);
    return {
      id: prefixedId(rng, 'ses', 20),
      seed: rng.u32(),
      status,
      finalStatus: null,
      workflow,
      runId: workflow >= 0 ? prefixedId(rng, 'wfr', 20) : null,
      purged: false,
      updatedAtHidden: status === 'sandbox_pending',
      resultAt: null,
      reviewed: false,
      createdAt,
      updatedAt: createdAt,
    };
  }

  create(rng: Rng, count: number, from: number, to: number): VerifaRecord[] {
    const created: VerifaRecord[] = [];
    for (let i = 0; i < count; i++) {
      const record = this.newRecord(
        rng,
        timeBetween(() => rng.next(), from, to),
        'pending',
      );
      this.store.add(record);
      created.push(record);
    }
    return created;
  }

  /**
   * A session created through `POST /api/v1/sessions` at `now`: `pending`, on the given workflow (index) or the
   * default one. Ids are drawn from their own stream so API creates never shift generated data.
   */
  createFromApi(input: VerifaSessionInput, workflow: number, now: number): VerifaRecord {
    const rng = Rng.from(this.seed, 'verifa', 'api-create', this.apiCreates++);
    const record = this.newRecord(rng, now, 'pending');
    record.workflow = workflow;
    record.runId = prefixedId(rng, 'wfr', 20);
    record.input = input;
    this.store.add(record);
    return record;
  }

  /** Index of the workflow with this id that sessions may run (active), or -1. */
  workflowIndex(id: string): number {
    return this.workflows.findIndex((w) => w.id === id && w.active);
  }

  isOpen(record: VerifaRecord): boolean {
    return OPEN.has(record.status);
  }

  step(rng: Rng, record: VerifaRecord, t: number): boolean {
    const before = record.status;
    switch (record.status) {
      case 'pending':
      case 'sandbox_pending':
        record.status = 'capturing';
        break;
      case 'capturing':
        record.status = 'processing';
        break;
      case 'processing':
        record.status = rng.weighted<VerifaStatus>([
          ['completed', 70],
          ['under_review', 15],
          ['awaiting_external', 10],
          ['failed', 5],
        ]);
        if (record.status === 'completed') record.finalStatus = this.drawFinal(rng);
        break;
      case 'awaiting_external':
        record.status = 'completed';
        record.finalStatus = this.drawFinal(rng);
        break;
      case 'under_review':
        // The manual review decides: the result's needs_review becomes approved or rejected.
        record.status = 'completed';
        record.finalStatus = rng.chance(0.7) ? 'approved' : 'rejected';
        record.reviewed = true;
        break;
      default:
        return false;
    }
    if (record.resultAt === null && hasResult(record.status) && !hasResult(before)) record.resultAt = t;
    record.updatedAt = t;
    record.updatedAtHidden = false;
    return true;
  }

  expire(record: VerifaRecord, _from: number, to: number): boolean {
    const stale =
      record.status === 'pending' || record.status === 'sandbox_pending' || record.status === 'capturing';
    if (!stale || record.createdAt + EXPIRY > to) return false;
    record.status = 'expired';
    record.updatedAt = Math.max(record.createdAt + EXPIRY, record.updatedAt + 1);
    record.updatedAtHidden = false;
    return true;
  }

  /** The workflow nodes a session runs (a document + selfie pair when it runs no workflow). */
  nodesFor(record: VerifaRecord): WorkflowNode[] {
    const wf = this.workflows[record.workflow];
    if (wf) return wf.nodes;
    return [
      { id: 'doc', policy: 'document_verification', checkType: 'document' },
      { id: 'face', policy: 'face_match', checkType: 'selfie' },
    ];
  }

  /**
   * Per node: how far it got. `done` nodes passed (or failed, for the culprit), `current` is running,
   * the rest have not started.
   */
  progress(record: VerifaRecord): { done: number; culprit: number; culpritResult: string | null } {
    const checkNodes = this.nodesFor(record).filter((n) => n.checkType !== null).length;
    const rng = new Rng(record.seed ^ 0x7f4a7c15);
    const culprit = rng.int(0, checkNodes - 1);
    switch (record.status) {
      case 'pending':
      case 'sandbox_pending':
        return { done: -1, culprit, culpritResult: null };
      case 'capturing':
        return { done: 0, culprit, culpritResult: null };
      case 'processing':
        return { done: 1, culprit, culpritResult: null };
      case 'awaiting_external':
        return { done: checkNodes - 1, culprit, culpritResult: null };
      case 'under_review':
        return { done: checkNodes, culprit, culpritResult: 'requires_retry' };
      case 'failed':
        return { done: culprit + 1, culprit, culpritResult: 'error' };
      case 'expired':
        return { done: 0, culprit, culpritResult: null };
      default: {
        const f = record.finalStatus;
        const result =
          f === 'rejected' || f === 'declined' ? 'failed' : f === 'needs_review' ? 'requires_retry' : null;
        return { done: checkNodes, culprit, culpritResult: result };
      }
    }
  }

  /** `Session` payload. */
  renderSession(record: VerifaRecord): JsonObject {
    const rng = new Rng(record.seed);
    const who = person(rng);
    const nodes = this.nodesFor(record).filter((n) => n.checkType !== null);
    const { done, culprit, culpritResult } = this.progress(record);
    const checks: JsonValue[] = [];
    let at = record.createdAt + rng.int(20, 90) * 1000;
    nodes.forEach((node, index) => {
      const checkId = prefixedId(rng, 'chk', 16);
      const duration = rng.int(3, 60) * 1000;
      const created = Math.min(at, record.updatedAt);
      at += duration + rng.int(5, 40) * 1000;
      if (done < 0) return;
      let status = 'pending';
      if (index < done) status = index === culprit && culpritResult ? culpritResult : 'passed';
      if (record.status === 'failed' && index > culprit) status = 'skipped';
      if (record.status === 'expired') status = 'skipped';
      const finished = status !== 'pending';
      checks.push({
        id: checkId,
        type: node.checkType as string,
        status,
        created_at: isoSeconds(created),
        completed_at: finished ? isoSeconds(Math.min(created + duration, record.updatedAt)) : null,
      });
    });
    const open = this.isOpen(record);
    const captured = record.status !== 'pending' && record.status !== 'sandbox_pending';
    const metadataKind = rng.int(0, 3);
    const metadata: JsonObject | null =
      metadataKind === 0
        ? {}
        : metadataKind === 1
          ? { plan: rng.pick(['free', 'pro', 'enterprise']) }
          : metadataKind === 2
            ? { customer_name: who.fullName, source: 'web' }
            : null;
    const ip = rng.chance(0.8)
      ? `${rng.pick(['203.0.113', '198.51.100', '192.0.2'])}.${rng.int(1, 254)}`
      : `2001:db8::${rng.hex(4)}`;
    const externalRef = rng.chance(0.85) ? `user-${rng.int(1000, 99999)}` : null;
    const input = record.input;
    return {
      id: record.id,
      status: record.status,
      is_sandbox: true,
      environment: 'sandbox',
      created_at: isoSeconds(record.createdAt),
      updated_at: record.updatedAtHidden ? null : isoSeconds(record.updatedAt),
      external_ref: input ? (input.external_ref ?? null) : externalRef,
      metadata: record.purged ? null : input ? (input.metadata ?? {}) : metadata,
      country: input?.country ?? (captured ? who.country2 : null),
      checks,
      workflow_id: this.workflows[record.workflow]?.id ?? null,
      document_type: captured ? rng.pick(['passport', 'driving_licence', 'id_card']) : null,
      retention_status: record.purged ? 'purged' : 'active',
      consent_ip: captured && !record.purged ? ip : null,
      capture_url:
        open && (!captured || record.status === 'capturing')
          ? `https://verify.withverifa.com/s/${record.id}?t=${rng.alnum(32)}`
          : null,
    };
  }

  /** `WorkflowRun` payload, or null when the session ran no workflow (404). */
  renderWorkflowRun(record: VerifaRecord): JsonObject | null {
    const wf = this.workflows[record.workflow];
    if (!wf || !record.runId) return null;
    const rng = new Rng(record.seed ^ 0x2545f491);
    const { done, culprit, culpritResult } = this.progress(record);
    const checkNodes = wf.nodes.filter((n) => n.checkType !== null);
    const startedAt = done < 0 ? null : record.createdAt + rng.int(20, 90) * 1000;
    const status =
      record.status === 'completed'
        ? 'completed'
        : record.status === 'under_review'
          ? 'paused'
          : record.status === 'failed' || record.status === 'expired'
            ? 'failed'
            : done < 0
              ? 'pending'
              : 'running';
    const nodeResults: JsonObject = {};
    let current: string | null = null;
    checkNodes.forEach((node, index) => {
      const duration = rng.int(200, 3000);
      if (index >= done) return;
      const failed = index === culprit && culpritResult !== null && culpritResult !== 'requires_retry';
      const needsReview = index === culprit && culpritResult === 'requires_retry';
      const next = index + 1 < checkNodes.length ? (checkNodes[index + 1] as WorkflowNode).id : null;
      nodeResults[node.id] = {
        policy: node.policy,
        status: failed ? 'failed' : 'completed',
        result: failed ? 'fail' : 'pass',
        duration_ms: duration,
        next: needsReview || (failed && record.status !== 'failed') ? 'manual_review' : next,
      };
      current = node.id;
    });
    if (status === 'paused' || record.finalStatus === 'needs_review') {
      nodeResults.manual_review = {
        policy: 'manual_review',
        status: status === 'paused' ? 'waiting' : 'completed',
        result: null,
        duration_ms: null,
        next: null,
      };
      current = 'manual_review';
    }
    if (status === 'running' && current === null) current = (checkNodes[0] as WorkflowNode).id;
    const finished = status === 'completed' || status === 'failed';
    const graph: JsonObject = {
      entry: (wf.nodes[0] as WorkflowNode).id,
      nodes: wf.nodes.map((n) => ({ id: n.id, policy: n.policy })),
    };
    return {
      id: record.runId,
      session_id: record.id,
      workflow_id: wf.id,
      status,
      created_at: isoSeconds(record.createdAt),
      final_status: status === 'completed' ? record.finalStatus : null,
      graph_snapshot: startedAt === null ? null : graph,
      paused_at_node: status === 'paused' ? 'manual_review' : null,
      current_node: current,
      node_results: startedAt === null ? null : nodeResults,
      started_at: startedAt === null ? null : isoSeconds(Math.min(startedAt, record.updatedAt)),
      completed_at: finished ? isoSeconds(record.updatedAt) : null,
      duration_ms: finished && startedAt !== null ? Math.max(0, record.updatedAt - startedAt) : null,
    };
  }
}
