import { DAY, isoMs } from '../clock.js';
import { objectId } from '../ids.js';
import { Rng } from '../prng.js';
import type { JsonObject, JsonValue } from '../types.js';
import { ComplyCubeClients } from './complycube-clients.js';
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
  /** The client's name, for sessions started through `POST /flow/sessions` (else derived from `seed`). */
  entityName?: string;
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
  private checkView: { version: number; items: Array<{ session: CcRecord; check: CcCheck }> } | undefined;
  private clientView:
    | { version: number; byClient: Map<string, Array<{ session: CcRecord; check: CcCheck }>> }
    | undefined;
  /** Clients created through `POST /clients`. */
  readonly clients = new ComplyCubeClients();
  private readonly seed: number;
  private apiCalls = 0;

  constructor(seed: number, now: number, count: number) {
    this.seed = seed;
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

  /** A fresh deterministic generator for one API call that creates something. */
  apiRng(): Rng {
    return Rng.from(this.seed, 'complycube', 'api', this.apiCalls++);
  }

  /** Index of the template with this id, or -1. */
  templateIndex(templateId: string): number {
    return this.templates.findIndex((t) => t.templateId === templateId);
  }

  /** Every check, newest first (by `createdAt`, then id), recomputed after any store mutation. */
  checksNewestFirst(): ReadonlyArray<{ session: CcRecord; check: CcCheck }> {
    if (this.checkView?.version === this.store.version) return this.checkView.items;
    const items = [...this.checkIndex.values()].sort((a, b) =>
      a.check.createdAt !== b.check.createdAt
        ? b.check.createdAt - a.check.createdAt
        : a.check.id < b.check.id
          ? 1
          : a.check.id > b.check.id
            ? -1
            : 0,
    );
    this.checkView = { version: this.store.version, items };
    return items;
  }

  /**
   * The checks of one client, newest first: `GET /checks?clientId=…` without scanning every check (a sync
   * lists one client's checks per session).
   */
  checksOfClient(clientId: string): ReadonlyArray<{ session: CcRecord; check: CcCheck }> {
    if (this.clientView?.version !== this.store.version) {
      const byClient = new Map<string, Array<{ session: CcRecord; check: CcCheck }>>();
      for (const item of this.checksNewestFirst()) {
        const list = byClient.get(item.session.clientId);
        if (list) list.push(item);
        else byClient.set(item.session.clientId, [item]);
      }
      this.clientView = { version: this.store.version, byClient };
    }
    return this.clientView.byClient.get(clientId) ?? [];
  }

  /**
   * The workflow session a hosted flow creates once the client opens it. The sandbox opens it at once
   * (`started`), so the session can be found by `clientId` straight after `POST /flow/sessions`.
   */
  startFlow(clientId: string, entityName: string, template: number, now: number): CcRecord {
    const rng = this.apiRng();
    const record: CcRecord = { ...this.newRecord(rng, now), clientId, template, entityName };
    this.add(record);
    return record;
  }

  /** `POST /workflowSessions/{id}/complete`: `started` → `processing`, with the template's checks pending. */
  complete(record: CcRecord, now: number): void {
    this.startProcessing(record, Math.max(now, record.updatedAt), this.apiRng());
    this.store.touch();
  }

  /** `POST /workflowSessions/{id}/cancel`: `started` → `cancelled`. */
  cancel(record: CcRecord, now: number): void {
    record.status = 'cancelled';
    record.updatedAt = Math.max(now, record.updatedAt);
    this.store.touch();
  }

  private startProcessing(record: CcRecord, t: number, rng: Rng): void {
    const template = this.templates[record.template] as Template;
    record.status = 'processing';
    for (let i = 0; i < template.tasks.length; i++) record.checks.push(this.newCheck(rng, template, i, t));
    this.indexChecks(record);
    record.updatedAt = t;
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
    if (record.status === 'started') {
      const fate = rng.weighted([
        ['processing', 85],
        ['abandoned', 10],
        ['cancelled', 5],
      ] as const);
      record.status = fate;
      if (fate === 'processing') this.startProcessing(record, t, rng);
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
    if (record.entityName !== undefined) return record.entityName;
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

/**
 * The analyses of a document check and their sub-tests (analysis names from the document-check reference;
 * the sub-test names are the sandbox's own, the reference could not be read that far).
 */
const DOCUMENT_ANALYSES: Record<string, string[]> = {
  mrzAnalysis: ['mrzFormat', 'mrzCheckDigits', 'mrzConsistency'],
  consistencyAnalysis: ['firstName', 'lastName', 'dob', 'documentNumber'],
  contentAnalysis: ['dataIntegrity', 'issuingDate', 'expiryDate', 'fonts'],
  formatAnalysis: ['modelIdentification', 'documentFormat', 'securityElements'],
  forensicAnalysis: ['imageManipulation', 'photocopyDetection', 'screenCaptureDetection'],
  frontAndBackAnalysis: ['frontBackMatch'],
};

/**
 * A check's `result`. A non-clear result says why in `breakdown`, the way ComplyCube does: the failing
 * document analyses and sub-tests, the screening lists and matches, the identity fields that did not
 * match, the face comparison or liveness that failed.
 */
function checkResult(rng: Rng, check: CcCheck, who: ReturnType<typeof person>): JsonObject {
  const outcome = check.outcome as string;
  const failing = outcome !== 'clear';
  if (check.type === 'document_check') {
    const names = Object.keys(DOCUMENT_ANALYSES);
    const culprits = new Set<string>();
    if (failing) {
      culprits.add(rng.pick(names));
      if (rng.chance(0.3)) culprits.add(rng.pick(names));
    }
    const breakdown: JsonObject = {
      extractedData: {
        documentDetails: {
          documentType: rng.pick(['passport', 'driving_license', 'national_identity_card']),
          issuingCountry: who.country2,
          documentNumber: rng.alnum(9).toUpperCase(),
        },
        holderDetails: { firstName: [who.givenNames], lastName: [who.familyName], dob: who.dateOfBirth },
      },
    };
    for (const name of names) {
      const tests = DOCUMENT_ANALYSES[name] as string[];
      const bad = culprits.has(name) ? rng.pick(tests) : undefined;
      const sub: JsonObject = {};
      for (const test of tests) sub[test] = test === bad ? 'attention' : 'clear';
      breakdown[name] = { outcome: bad ? 'attention' : 'clear', breakdown: sub };
    }
    breakdown.authenticityAnalysis = {
      outcome: culprits.has('forensicAnalysis') || culprits.has('formatAnalysis') ? 'attention' : 'clear',
    };
    return { outcome, breakdown };
  }
  if (SCREENING.test(check.type)) {
    const hits = failing ? rng.int(1, 4) : 0;
    const lists = ['pep', 'sanctions', 'watchlist', 'adverseMedia'] as const;
    const matches: JsonValue[] = [];
    const flagged = new Set<string>();
    for (let i = 0; i < hits; i++) {
      const list = i === 0 ? 'pep' : rng.pick(lists);
      flagged.add(list);
      matches.push({
        id: objectId(rng, check.createdAt - rng.int(30, 3000) * DAY),
        name: `${who.givenNames} ${who.familyName}`,
        score: rng.int(70, 100),
        types: [list === 'adverseMedia' ? 'adverse_media' : list],
      });
    }
    return {
      outcome,
      breakdown: {
        summary: {
          pep: { level1: flagged.has('pep') ? 'attention' : 'clear' },
          sanctions: flagged.has('sanctions') ? 'attention' : 'clear',
          watchlist: flagged.has('watchlist') ? 'attention' : 'clear',
          adverseMedia: flagged.has('adverseMedia') ? 'attention' : 'clear',
        },
        matchCount: hits,
        matches,
      },
    };
  }
  if (check.type === 'face_authentication_check') {
    const liveness = failing && rng.chance(0.5);
    return {
      outcome,
      breakdown: {
        faceComparison: { outcome: failing && !liveness ? 'attention' : 'clear', score: rng.int(40, 100) },
        livenessAnalysis: { outcome: liveness ? 'attention' : 'clear' },
      },
    };
  }
  const mismatch = failing ? rng.pick(['nameMatch', 'dateOfBirthMatch', 'addressMatch']) : undefined;
  const field = (name: string): string =>
    name === mismatch ? (name === 'nameMatch' ? 'partial_match' : 'no_match') : 'match';
  return {
    outcome,
    breakdown: {
      nameMatch: field('nameMatch'),
      dateOfBirthMatch: field('dateOfBirthMatch'),
      addressMatch: field('addressMatch'),
      score: failing ? rng.int(20, 69) : rng.int(70, 100),
    },
  };
}
