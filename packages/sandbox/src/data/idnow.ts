import { createHash } from 'node:crypto';
import { DAY, HOUR, isoMs, MINUTE } from '../clock.js';
import { uuidV7 } from '../ids.js';
import { Rng } from '../prng.js';
import type { IdnowFlowRef, JsonObject } from '../types.js';
import { person } from './people.js';
import type { ProviderData } from './provider-data.js';
import { type BaseRecord, RecordStore, timeBetween } from './store.js';

/** IDnow session statuses, as the API spells them. */
export type IdnowStatus = 'CREATED' | 'RUNNING' | 'COMPLETED' | 'ABORTED' | 'EXPIRED' | 'ERROR';
/** The environments the sandbox serves. */
export type IdnowEnvironment = 'live' | 'staging';
type Environment = IdnowEnvironment;
type Outcome = 'accepted' | 'rejected' | 'NO_OUTCOME';

interface StepDef {
  stepId: string;
  stepType: string;
  stepDescription: string;
  /** Datablock type this step outputs, if any. */
  produces?: string;
}

/** An IDnow flow served by the sandbox. */
export interface IdnowFlow {
  flowId: string;
  name: string;
  description: string;
  version: number;
  /** This flow reports `ACCEPTED`/`REJECTED` instead of `accepted`/`rejected`. */
  upperCaseOutcome: boolean;
  /** Sessions expire after this long (null: no expiry, `expiresAt` is null). */
  ttlMs: number | null;
  /** Sessions carry a redirect URL and CSRF state. */
  redirect: boolean;
  steps: StepDef[];
}

/** Compact stored form of an IDnow session; payloads are rendered from it per request. */
export interface IdnowRecord extends BaseRecord {
  flow: number;
  environment: Environment;
  seed: number;
  status: IdnowStatus;
  /** null = the field is absent. */
  outcome: Outcome | null;
  flowVersion: number;
  startedAt: number | null;
  completedAt: number | null;
  expiresAt: number | null;
  /** Finish time of each executed step (index = step index). */
  stepTimes: number[];
  /** Datablocks were purged by retention (content null, status DELETED). */
  datablocksDeleted: boolean;
  /** Sessions created through the API: what the caller sent (generated sessions render these from the seed). */
  given?: { subjectId: string | null; redirectUrl: string | null; state: string | null };
}

/** What `POST /api/v1/flows/{flowId}/{environment}/sessions` stores besides the flow and environment. */
export interface IdnowCreateInput {
  subjectId: string | null;
  redirectUrl: string | null;
  state: string | null;
}

const OPEN: ReadonlySet<IdnowStatus> = new Set(['CREATED', 'RUNNING']);
const FLOW_LOCATIONS: ReadonlyArray<readonly [number, Environment, number]> = [
  [0, 'live', 45],
  [0, 'staging', 15],
  [1, 'live', 30],
  [1, 'staging', 10],
];

const LOCATION_WEIGHTS = FLOW_LOCATIONS.map(([f, e, w]) => [[f, e] as const, w] as const);

function makeFlows(seed: number, now: number): IdnowFlow[] {
  const rng = Rng.from(seed, 'idnow', 'flows');
  return [
    {
      flowId: uuidV7(rng, now - 400 * DAY),
      name: 'KYC onboarding (document + liveness + AML)',
      description: 'Document capture, liveness and PEP/sanctions screening',
      version: 3,
      upperCaseOutcome: false,
      ttlMs: 48 * HOUR,
      redirect: true,
      steps: [
        { stepId: 'step_start_001', stepType: 'START', stepDescription: 'Session initialization' },
        {
          stepId: 'step_doc_001',
          stepType: 'DOC_ID:v2',
          stepDescription: 'Document capture',
          produces: 'documentVerification',
        },
        {
          stepId: 'step_liveness_001',
          stepType: 'LIVENESS:v1',
          stepDescription: '',
          produces: 'comparisonResults',
        },
        {
          stepId: 'step_aml_001',
          stepType: 'PEP_SANCTIONS:v1',
          stepDescription: 'PEP and sanctions screening',
          produces: 'pepAndSanctionsResults',
        },
        { stepId: 'step_end_001', stepType: 'END', stepDescription: 'Final step' },
      ],
    },
    {
      flowId: uuidV7(rng, now - 200 * DAY),
      name: 'Age verification (document only)',
      description: '',
      version: 2,
      upperCaseOutcome: true,
      ttlMs: null,
      redirect: false,
      steps: [
        { stepId: 'step_start_001', stepType: 'START', stepDescription: 'Session initialization' },
        {
          stepId: 'step_doc_001',
          stepType: 'DOC_ID:v2',
          stepDescription: 'Document capture',
          produces: 'documentVerification',
        },
        { stepId: 'step_choice_001', stepType: 'CHOICE', stepDescription: 'Age threshold' },
        { stepId: 'step_end_001', stepType: 'END', stepDescription: 'Final decision step' },
      ],
    },
  ];
}

/** Generated IDnow data: two flows × two environments, rendered on demand. */
export class IdnowData implements ProviderData<IdnowRecord> {
  readonly store = new RecordStore<IdnowRecord>();
  readonly flows: IdnowFlow[];
  private readonly seed: number;
  private apiCreated = 0;

  constructor(seed: number, now: number, count: number) {
    this.seed = seed;
    this.flows = makeFlows(seed, now);
    const rng = Rng.from(seed, 'idnow', 'generate');
    for (let i = 0; i < count; i++) this.store.add(this.generate(rng, now));
  }

  /** Every flow × environment pair. */
  flowRefs(): IdnowFlowRef[] {
    return this.flows.flatMap((f) => [
      { flowId: f.flowId, environment: 'live' as const },
      { flowId: f.flowId, environment: 'staging' as const },
    ]);
  }

  /** Index of the flow with this id, or -1. */
  flowIndex(flowId: string): number {
    return this.flows.findIndex((f) => f.flowId === flowId);
  }

  /**
   * A flow as `GET /api/v1/flows/{environment}` lists it: the dev1 shape (numeric `version`) or, with `legacy`,
   * the .sx shape (`version` a string such as "3.0.0"). Flows without a description omit it.
   */
  renderFlow(flow: IdnowFlow, environment: string, legacy: boolean): JsonObject {
    const out: JsonObject = { id: flow.flowId, name: flow.name };
    if (flow.description) out.description = flow.description;
    out.version = legacy ? `${flow.version}.0.0` : flow.version;
    out.environment = environment;
    return out;
  }

  /** Stores a session created through the API (status CREATED at `at`); `advance` moves it on like any other. */
  createFromApi(
    flowIndex: number,
    environment: Environment,
    at: number,
    given: IdnowCreateInput,
  ): IdnowRecord {
    const rng = Rng.from(this.seed, 'idnow', 'api', this.apiCreated++);
    const record = this.newRecord(rng, flowIndex, environment, at);
    record.outcome = null;
    record.flowVersion = (this.flows[flowIndex] as IdnowFlow).version;
    record.given = given;
    this.store.add(record);
    return record;
  }

  /** The session holding vault entry `vaultEntryId` in `environment` (a stored document image), if any. */
  findVaultEntry(environment: string, vaultEntryId: string): IdnowRecord | undefined {
    for (const record of this.store.all()) {
      if (record.environment !== environment || record.datablocksDeleted) continue;
      for (const block of this.datablockPlan(record)) {
        if (block.type === 'documentVerification' && vaultIdOf(block.id) === vaultEntryId) return record;
      }
    }
    return undefined;
  }

  private flowOf(record: IdnowRecord): IdnowFlow {
    return this.flows[record.flow] as IdnowFlow;
  }

  private generate(rng: Rng, now: number): IdnowRecord {
    const [flowIndex, environment] = rng.weighted(LOCATION_WEIGHTS);
    const flow = this.flows[flowIndex] as IdnowFlow;
    const last = flow.steps.length - 1;
    let status = rng.weighted<IdnowStatus>([
      ['COMPLETED', 74],
      ['RUNNING', 9],
      ['CREATED', 3],
      ['EXPIRED', 7],
      ['ABORTED', 4],
      ['ERROR', 3],
    ]);
    if (status === 'EXPIRED' && flow.ttlMs === null) status = 'ABORTED';
    const executed =
      status === 'COMPLETED'
        ? last + 1
        : status === 'CREATED'
          ? 0
          : status === 'EXPIRED'
            ? rng.int(0, last - 1)
            : rng.int(1, last);
    // Relative timeline, placed so that it ends in the past.
    const startOffset = executed > 0 ? rng.int(2, 120) * 1000 : 0;
    const offsets: number[] = [];
    let t = startOffset;
    for (let i = 0; i < executed; i++) {
      t += i === 0 ? rng.int(1, 5) * 1000 : rng.int(20, 240) * 1000;
      offsets.push(t);
    }
    let endOffset = t;
    if (status === 'ABORTED') endOffset += rng.int(1, 30) * MINUTE;
    if (status === 'ERROR') endOffset += rng.int(1, 60) * 1000;
    if (status === 'EXPIRED') endOffset = flow.ttlMs as number;
    const open = OPEN.has(status);
    const end = open
      ? now - rng.int(30, 30 * 3600) * 1000
      : now - rng.int(60, Math.floor((90 * DAY - endOffset) / 1000)) * 1000;
    const createdAt = end - endOffset - rng.int(0, 999);
    const record = this.newRecord(rng, flowIndex, environment, createdAt);
    record.status = status;
    record.stepTimes = offsets.map((o) => createdAt + o);
    record.startedAt = executed > 0 ? createdAt + startOffset : null;
    record.completedAt = open ? null : Math.min(createdAt + endOffset, now - 1000);
    record.updatedAt = record.completedAt ?? record.stepTimes[record.stepTimes.length - 1] ?? createdAt;
    record.outcome = this.outcomeFor(rng, status);
    record.datablocksDeleted = now - createdAt > 60 * DAY && rng.chance(0.7);
    return record;
  }

  private newRecord(rng: Rng, flowIndex: number, environment: Environment, createdAt: number): IdnowRecord {
    const flow = this.flows[flowIndex] as IdnowFlow;
    return {
      id: uuidV7(rng, createdAt),
      flow: flowIndex,
      environment,
      seed: rng.u32(),
      status: 'CREATED',
      outcome: rng.chance(0.5) ? 'NO_OUTCOME' : null,
      flowVersion: rng.chance(0.8) ? flow.version : rng.int(1, flow.version),
      createdAt,
      updatedAt: createdAt,
      startedAt: null,
      completedAt: null,
      expiresAt: flow.ttlMs === null ? null : createdAt + flow.ttlMs,
      stepTimes: [],
      datablocksDeleted: false,
    };
  }

  private outcomeFor(rng: Rng, status: IdnowStatus): Outcome | null {
    if (status === 'COMPLETED') {
      return rng.weighted<Outcome>([
        ['accepted', 78],
        ['rejected', 14],
        ['NO_OUTCOME', 8],
      ]);
    }
    if (status === 'CREATED') return rng.chance(0.5) ? 'NO_OUTCOME' : null;
    return 'NO_OUTCOME';
  }

  create(rng: Rng, count: number, from: number, to: number): IdnowRecord[] {
    const created: IdnowRecord[] = [];
    for (let i = 0; i < count; i++) {
      const [flowIndex, environment] = rng.weighted(LOCATION_WEIGHTS);
      const record = this.newRecord(
        rng,
        flowIndex,
        environment,
        timeBetween(() => rng.next(), from, to),
      );
      this.store.add(record);
      created.push(record);
    }
    return created;
  }

  isOpen(record: IdnowRecord): boolean {
    return OPEN.has(record.status);
  }

  step(rng: Rng, record: IdnowRecord, t: number): boolean {
    const flow = this.flowOf(record);
    if (record.status === 'CREATED') {
      record.status = 'RUNNING';
      record.startedAt = t;
      record.stepTimes.push(t);
      record.outcome = 'NO_OUTCOME';
    } else if (record.status === 'RUNNING') {
      const fate = rng.weighted([
        ['next', 85],
        ['ABORTED', 10],
        ['ERROR', 5],
      ] as const);
      if (fate === 'next') {
        record.stepTimes.push(t);
        if (record.stepTimes.length >= flow.steps.length) {
          record.status = 'COMPLETED';
          record.completedAt = t;
          record.outcome = this.outcomeFor(rng, 'COMPLETED');
        }
      } else {
        record.status = fate;
        record.completedAt = t;
      }
    } else {
      return false;
    }
    record.updatedAt = t;
    return true;
  }

  expire(record: IdnowRecord, _from: number, to: number): boolean {
    if (!this.isOpen(record) || record.expiresAt === null || record.expiresAt > to) return false;
    record.status = 'EXPIRED';
    record.completedAt = record.expiresAt;
    record.updatedAt = Math.max(record.expiresAt, record.updatedAt + 1);
    record.outcome = 'NO_OUTCOME';
    return true;
  }

  /** Outcome as this flow spells it. */
  private outcomeText(record: IdnowRecord): string | null {
    if (record.outcome === null) return null;
    if (record.outcome === 'NO_OUTCOME' || !this.flowOf(record).upperCaseOutcome) return record.outcome;
    return record.outcome.toUpperCase();
  }

  private lastStep(record: IdnowRecord): JsonObject | null {
    const executed = record.stepTimes.length;
    if (executed === 0) return null;
    const flow = this.flowOf(record);
    const step = flow.steps[executed - 1] as StepDef;
    let verdict = 'success';
    if (record.status === 'COMPLETED') verdict = record.outcome === 'rejected' ? 'rejected' : 'completed';
    if (record.status === 'ERROR' || record.status === 'ABORTED') verdict = 'failed';
    // Older flow versions still report the legacy shape {stepName, stepType, verdict}.
    if (flow.upperCaseOutcome && record.flowVersion === 1) {
      return { stepName: step.stepDescription || step.stepId, stepType: step.stepType, verdict };
    }
    return { stepId: step.stepId, stepType: step.stepType, stepDescription: step.stepDescription, verdict };
  }

  /** The datablocks this session has produced so far, with their ids. */
  private datablockPlan(
    record: IdnowRecord,
  ): Array<{ id: string; type: string; step: StepDef; index: number; at: number }> {
    const rng = new Rng(record.seed);
    const flow = this.flowOf(record);
    const out: Array<{ id: string; type: string; step: StepDef; index: number; at: number }> = [];
    flow.steps.forEach((step, index) => {
      const at = record.stepTimes[index];
      const id = step.produces ? uuidV7(rng, at ?? record.createdAt) : '';
      if (step.produces && at !== undefined) out.push({ id, type: step.produces, step, index, at });
    });
    return out;
  }

  /** `SessionListItem` payload. */
  renderListItem(record: IdnowRecord): JsonObject {
    const flow = this.flowOf(record);
    const rng = new Rng(record.seed ^ 0x5bd1e995);
    const item: JsonObject = {
      sessionId: record.id,
      sessionStatus: record.status,
      flowId: flow.flowId,
      flowVersion: record.flowVersion,
      environment: record.environment,
      subjectId: rng.chance(0.05) ? null : `subj_${rng.hex(16)}`,
    };
    if (record.given) item.subjectId = record.given.subjectId;
    const outcome = this.outcomeText(record);
    if (outcome !== null) item.outcome = outcome;
    item.createdAt = isoMs(record.createdAt);
    item.startedAt = record.startedAt === null ? null : isoMs(record.startedAt);
    item.updatedAt = isoMs(record.updatedAt);
    if (record.completedAt !== null) item.completedAt = isoMs(record.completedAt);
    item.expiresAt = record.expiresAt === null ? null : isoMs(record.expiresAt);
    const lastStep = this.lastStep(record);
    if (lastStep) item.lastStep = lastStep;
    return item;
  }

  /** `Session` payload (`GET /api/v1/{environment}/sessions/{sessionId}`). */
  renderSession(record: IdnowRecord): JsonObject {
    const item = this.renderListItem(record);
    const flow = this.flowOf(record);
    if (item.expiresAt === null) delete item.expiresAt;
    const lastStep = item.lastStep;
    delete item.lastStep;
    if (record.given) {
      if (record.given.redirectUrl !== null) item.redirectUrl = record.given.redirectUrl;
      if (record.given.state !== null) item.state = record.given.state;
    } else if (flow.redirect) {
      const rng = new Rng(record.seed ^ 0x27d4eb2f);
      item.redirectUrl = `https://shop.example.com/kyc/return?ref=${rng.hex(8)}`;
      item.state = rng.hex(24);
    }
    if (lastStep) item.lastStep = lastStep;
    const results: JsonObject = {};
    if (!this.isOpen(record)) {
      for (const block of this.datablockPlan(record))
        results[block.type] = { type: 'dataBlock', id: block.id };
    }
    item.results = results;
    return item;
  }

  /** `DatablockList` payload. */
  renderDatablocks(record: IdnowRecord): JsonObject {
    const who = person(new Rng(record.seed ^ 0x68e31da4));
    const rng = new Rng(record.seed ^ 0x1b873593);
    const rejected = record.outcome === 'rejected';
    const blocks = this.datablockPlan(record).map((block) => {
      const content = record.datablocksDeleted ? null : datablockContent(block.type, who, rng, rejected);
      // Binary values are vault references, resolved with `GET /api/v1/{environment}/files/{vaultEntryId}`.
      if (content && block.type === 'documentVerification') {
        content.frontImage = { $ref: 'vault', $id: vaultIdOf(block.id) };
      }
      return {
        datablockId: block.id,
        type: block.type,
        createdBy: { stepId: block.step.stepId, clock: block.index * 2 + 2 },
        createdAt: isoMs(block.at),
        status: record.datablocksDeleted ? 'DELETED' : 'STORED',
        content,
      };
    });
    return { dataBlocks: blocks };
  }
}

function datablockContent(
  type: string,
  who: ReturnType<typeof person>,
  rng: Rng,
  rejected: boolean,
): JsonObject {
  if (type === 'documentVerification') {
    return {
      documentType: rng.pick(['PASSPORT', 'ID_CARD', 'DRIVING_LICENSE']),
      issuingCountry: who.nationality,
      documentNumber: rng.alnum(9).toUpperCase(),
      firstName: who.givenNames,
      lastName: who.familyName,
      dateOfBirth: who.dateOfBirth,
      expiryDate: `${rng.int(2027, 2035)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
      verdict: rejected && rng.chance(0.6) ? 'invalid' : 'valid',
    };
  }
  if (type === 'comparisonResults') {
    const score = rejected ? rng.int(5, 60) / 100 : rng.int(80, 99) / 100;
    return {
      faceMatch: { score, verdict: score >= 0.75 ? 'match' : 'no_match' },
      liveness: { verdict: 'live' },
    };
  }
  const hits = rejected && rng.chance(0.5) ? rng.int(1, 3) : 0;
  return {
    verdict: hits > 0 ? 'potential_match' : 'no_match',
    hits,
    screenedName: `${who.givenNames} ${who.familyName}`,
    lists: ['PEP', 'SANCTIONS', 'ADVERSE_MEDIA'],
  };
}

/** The vault entry id of a document verification's front image: derived from the datablock id (no PRNG draw). */
export function vaultIdOf(datablockId: string): string {
  const h = createHash('sha256').update(`${datablockId}:frontImage`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
