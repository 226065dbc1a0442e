import { DAY, isoMs } from '../clock.js';
import { objectId } from '../ids.js';
import { Rng } from '../prng.js';
import type { JsonObject, JsonValue } from '../types.js';
import { COMPANIES, person } from './people.js';
import type { ProviderData } from './provider-data.js';
import { type BaseRecord, RecordStore, timeBetween } from './store.js';

/** ComplyCube workflow-session statuses. */
export type CcStatus = 'started' | 'processing' | 'complete' | 'abandoned' | 'cancelled';
type CcOutcome = 'clear' | 'attention' | 'rejected';

/** A stored ComplyCube check (served by `GET /checks/{id}`). */
export interface CcCheck {
  id: string;
  type: string;
  taskId: string;
  seed: number;
  status: 'pending' | 'complete' | 'failed';
  outcome: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Compact stored form of a ComplyCube workflow session. */
export interface CcRecord extends BaseRecord {
  seed: number;
  clientId: string;
  template: number;
  status: CcStatus;
  outcome: CcOutcome | null;
  completedAt: number | null;
  checks: CcCheck[];
}

interface Template {
  templateId: string;
  workflowId: string;
  name: string;
  version: number;
  description: string;
  tasks: Array<{ id: string; checkType: string; name: string }>;
  policies: JsonObject[];
}

function makeTemplates(seed: number, now: number): Template[] {
  const rng = Rng.from(seed, 'complycube', 'templates');
  const template = (name: string, version: number, description: string, types: string[]): Template => ({
    templateId: objectId(rng, now - 300 * DAY),
    workflowId: objectId(rng, now - 120 * DAY),
    name,
    version,
    description,
    tasks: types.map((checkType) => ({
      id: objectId(rng, now - 120 * DAY),
      checkType,
      name: taskName(checkType),
    })),
    policies: [{ id: objectId(rng, now - 300 * DAY), name: 'Standard KYC policy', jurisdiction: 'GB' }],
  });
  return [
    template('AML + Liveness + Document Verification flow', 3, 'Initial version', [
      'document_check',
      'identity_check',
      'extensive_screening_check',
    ]),
    template('Document + face authentication', 1, 'Onboarding, low risk', [
      'document_check',
      'face_authentication_check',
    ]),
    template('Screening only', 2, 'Periodic re-screening', ['standard_screening_check']),
  ];
}

function taskName(checkType: string): string {
  return checkType
    .replace(/_check$/, '')
    .split('_')
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ');
}

const SCREENING = /screening/;

/** Generated ComplyCube workflow sessions and their checks. */
export class ComplyCubeData implements ProviderData<CcRecord> {
  readonly store = new RecordStore<CcRecord>();
  private readonly templates: Template[];
  private readonly checkIndex = new Map<string, { session: CcRecord; check: CcCheck }>();

  constructor(seed: number, now: number, count: number) {
    this.templates = makeTemplates(seed, now);
    const rng = Rng.from(seed, 'complycube', 'generate');
    for (let i = 0; i < count; i++) this.add(this.generate(rng, now));
  }

  private add(record: CcRecord): void {
    this.store.add(record);
    this.indexChecks(record);
  }

  private indexChecks(record: CcRecord): void {
    for (const check of record.checks) this.checkIndex.set(check.id, { session: record, check });
  }

  /** The check with this id and its session (undefined once deleted). */
  getCheck(id: string): { session: CcRecord; check: CcCheck } | undefined {
    return this.checkIndex.get(id);
  }

  onDeleted(records: readonly CcRecord[]): void {
    for (const record of records) for (const check of record.checks) this.checkIndex.delete(check.id);
  }

  private generate(rng: Rng, now: number): CcRecord {
    const status = rng.weighted<CcStatus>([
      ['complete', 76],
      ['processing', 6],
      ['started', 6],
      ['abandoned', 8],
      ['cancelled', 4],
    ]);
    const open = status === 'started' || status === 'processing';
    const createdAt =
      (open ? now - rng.int(120, 30 * 3600) * 1000 : now - rng.int(3600, 90 * 86400) * 1000) -
      rng.int(0, 999);
    const record = this.newRecord(rng, createdAt);
    const template = this.templates[record.template] as Template;
    let t = createdAt + rng.int(10, 90) * 1000;
    const checkCount = status === 'started' || status === 'cancelled' ? 0 : template.tasks.length;
    const ranChecks = status === 'abandoned' ? rng.int(1, checkCount) : checkCount;
    for (let i = 0; i < ranChecks; i++) {
      t += rng.int(20, 180) * 1000;
      record.checks.push(this.newCheck(rng, template, i, Math.min(t, now - 60_000)));
    }
    if (status === 'complete') {
      record.outcome = rng.weighted<CcOutcome>([
        ['clear', 74],
        ['attention', 14],
        ['rejected', 12],
      ]);
      const finished = this.finishChecks(rng, record, t, record.outcome);
      t = finished.last;
      record.outcome = finished.outcome;
      record.completedAt = t + rng.int(5, 60) * 1000;
      record.updatedAt = record.completedAt + rng.int(0, 120) * 1000;
    } else if (status === 'abandoned') {
      t = this.finishChecks(rng, record, t, 'clear').last;
      record.updatedAt = t + rng.int(1, 48) * 3600 * 1000;
    } else if (status === 'cancelled') {
      record.updatedAt = t + rng.int(1, 600) * 1000;
    } else {
      if (status === 'processing' && record.checks[0] && rng.chance(0.5)) {
        const first = record.checks[0];
        first.status = 'complete';
        first.outcome = 'clear';
        first.updatedAt = first.createdAt + rng.int(5, 30) * 1000;
      }
      record.updatedAt = Math.max(t, ...record.checks.map((c) => c.updatedAt));
    }
    record.status = status;
    // Never in the future of the virtual clock.
    record.updatedAt = Math.min(record.updatedAt, now - 1000);
    if (record.completedAt !== null) record.completedAt = Math.min(record.completedAt, record.updatedAt);
    for (const check of record.checks) check.updatedAt = Math.min(check.updatedAt, record.updatedAt);
    return record;
  }

  private newRecord(rng: Rng, createdAt: number): CcRecord {
    return {
      id: objectId(rng, createdAt),
      seed: rng.u32(),
      clientId: objectId(rng, createdAt - rng.int(0, 30) * DAY),
      template: rng.weighted([
        [0, 55],
        [1, 30],
        [2, 15],
      ]),
      status: 'started',
      outcome: null,
      completedAt: null,
      checks: [],
      createdAt,
      updatedAt: createdAt,
    };
  }

  private newCheck(rng: Rng, template: Template, index: number, at: number): CcCheck {
    const task = template.tasks[index] as Template['tasks'][number];
    return {
      id: objectId(rng, at),
      type: task.checkType,
      taskId: task.id,
      seed: rng.u32(),
      status: 'pending',
      outcome: null,
      createdAt: at,
      updatedAt: at,
    };
  }

  /**
   * Completes every pending check consistently with the session outcome (one pending check carries a
   * non-clear outcome). Returns the last update time and the outcome actually reached: with no pending
   * check left to carry it, a non-clear outcome cannot happen and the session is `clear`.
   */
  private finishChecks(
    rng: Rng,
    record: CcRecord,
    from: number,
    wanted: CcOutcome,
  ): { last: number; outcome: CcOutcome } {
    const pending = record.checks.filter((c) => c.status === 'pending');
    const culprit = pending.length > 0 ? pending[rng.int(0, pending.length - 1)] : undefined;
    const outcome = culprit ? wanted : 'clear';
    let last = from;
    for (const check of pending) {
      check.updatedAt = Math.max(check.createdAt, from) + rng.int(5, 60) * 1000;
      last = Math.max(last, check.updatedAt);
      if (check === culprit && outcome === 'attention' && rng.chance(0.25)) {
        check.status = 'failed';
        continue;
      }
      check.status = 'complete';
      if (check !== culprit || outcome === 'clear') check.outcome = 'clear';
      else if (outcome === 'attention') check.outcome = 'attention';
      else check.outcome = SCREENING.test(check.type) ? 'match_confirmed' : 'rejected';
    }
    return { last, outcome };
  }

  create(rng: Rng, count: number, from: number, to: number): CcRecord[] {
    const created: CcRecord[] = [];
    for (let i = 0; i < count; i++) {
      const record = this.newRecord(
        rng,
        timeBetween(() => rng.next(), from, to),
      );
      this.add(record);
      created.push(record);
    }
    return created;
  }

  isOpen(record: CcRecord): boolean {
    return record.status === 'started' || record.status === 'processing';
  }

  step(rng: Rng, record: CcRecord, t: number): boolean {
    const template = this.templates[record.template] as Template;
    if (record.status === 'started') {
      const fate = rng.weighted([
        ['processing', 85],
        ['abandoned', 10],
        ['cancelled', 5],
      ] as const);
      record.status = fate;
      if (fate === 'processing') {
        for (let i = 0; i < template.tasks.length; i++)
          record.checks.push(this.newCheck(rng, template, i, t));
        this.indexChecks(record);
      }
    } else if (record.status === 'processing') {
      if (rng.chance(0.08)) {
        record.status = 'abandoned';
      } else {
        record.status = 'complete';
        record.outcome = rng.weighted<CcOutcome>([
          ['clear', 74],
          ['attention', 14],
          ['rejected', 12],
        ]);
        record.outcome = this.finishChecks(rng, record, t, record.outcome).outcome;
        for (const check of record.checks) if (check.updatedAt > t) check.updatedAt = t;
        record.completedAt = t;
      }
    } else {
      return false;
    }
    record.updatedAt = t;
    return true;
  }

  expire(): boolean {
    return false;
  }

  private entityName(record: CcRecord): string {
    const rng = new Rng(record.seed);
    return rng.chance(0.1) ? rng.pick(COMPANIES) : person(rng).fullName;
  }

  /** `WorkflowSession` payload. */
  renderSession(record: CcRecord): JsonObject {
    const template = this.templates[record.template] as Template;
    const byTask = new Map(record.checks.map((c) => [c.taskId, c]));
    const tasks: JsonValue[] = template.tasks.map((task) => {
      const check = byTask.get(task.id);
      const status = !check ? 'pending' : check.status === 'pending' ? 'in_progress' : 'completed';
      return { id: task.id, name: task.name, type: task.checkType, status };
    });
    const done = record.checks.filter((c) => c.status !== 'pending');
    const out: JsonObject = {
      id: record.id,
      clientId: record.clientId,
      entityName: this.entityName(record),
      status: record.status,
      workflowTemplateId: template.templateId,
      workflowId: template.workflowId,
      workflowTemplateName: template.name,
      workflowVersion: template.version,
      workflowDescription: template.description,
      compliancePolicies: template.policies,
      tasks,
    };
    const lastDone = done[done.length - 1];
    if (lastDone) out.lastCompletedTaskId = lastDone.taskId;
    out.allRelatedChecks = record.checks.map((c) => ({ checkId: c.id, type: c.type, taskId: c.taskId }));
    if (record.outcome !== null) out.outcome = record.outcome;
    out.createdAt = isoMs(record.createdAt);
    if (record.completedAt !== null) out.completedAt = isoMs(record.completedAt);
    out.updatedAt = isoMs(record.updatedAt);
    out.policyAssurance =
      record.status === 'complete'
        ? template.policies.map((p) => ({ policyId: p.id as string, assured: record.outcome === 'clear' }))
        : [];
    return out;
  }

  /** `Check` payload (`GET /checks/{id}`). */
  renderCheck(record: CcRecord, check: CcCheck): JsonObject {
    const rng = new Rng(check.seed);
    const out: JsonObject = {
      id: check.id,
      clientId: record.clientId,
      entityName: this.entityName(record),
      type: check.type,
      status: check.status,
    };
    if (check.type === 'document_check' || check.type === 'face_authentication_check') {
      out.documentId = objectId(rng, check.createdAt - 30_000);
    }
    if (check.type === 'face_authentication_check') out.livePhotoId = objectId(rng, check.createdAt - 20_000);
    if (check.status === 'complete' && check.outcome !== null) {
      out.result = checkResult(rng, check, person(new Rng(record.seed)));
    }
    out.createdAt = isoMs(check.createdAt);
    out.updatedAt = isoMs(check.updatedAt);
    return out;
  }
}

function checkResult(rng: Rng, check: CcCheck, who: ReturnType<typeof person>): JsonObject {
  const outcome = check.outcome as string;
  if (check.type === 'document_check') {
    return {
      outcome,
      breakdown: {
        extractedData: {
          documentDetails: {
            documentType: rng.pick(['passport', 'driving_license', 'national_identity_card']),
            issuingCountry: who.country2,
            documentNumber: rng.alnum(9).toUpperCase(),
          },
          holderDetails: { firstName: [who.givenNames], lastName: [who.familyName], dob: who.dateOfBirth },
        },
        authenticityAnalysis: { outcome: outcome === 'rejected' ? 'rejected' : 'clear' },
      },
    };
  }
  if (SCREENING.test(check.type)) {
    const hits = outcome === 'clear' ? 0 : rng.int(1, 4);
    return {
      outcome,
      breakdown: {
        summary: {
          pep: { level1: hits > 0 ? 'attention' : 'clear' },
          sanctions: 'clear',
          watchlist: 'clear',
          adverseMedia: hits > 1 ? 'attention' : 'clear',
        },
        matchCount: hits,
      },
    };
  }
  return {
    outcome,
    breakdown: { nameMatch: outcome === 'clear' ? 'match' : 'partial_match', score: rng.int(40, 100) },
  };
}
