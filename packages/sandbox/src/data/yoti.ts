import { DAY, isoSeconds } from '../clock.js';
import { uuidV4 } from '../ids.js';
import { Rng } from '../prng.js';
import type { JsonObject, JsonValue } from '../types.js';
import type { ProviderData } from './provider-data.js';
import { type BaseRecord, RecordStore, timeBetween } from './store.js';
import { type CheckVerdict, checkReport } from './yoti-checks.js';
import { type PlannedCapture, type YotiPlan, yotiPlan, yotiShape } from './yoti-plan.js';

/** Yoti session states. */
export type YotiState = 'ONGOING' | 'COMPLETED' | 'EXPIRED';
/**
 * The outcome the checks' recommendations add up to. `consider` (one check `CONSIDER`) only happens to sessions
 * created through `POST /sessions`, so the generated data stays what it always was.
 */
export type YotiOutcome = 'approved' | 'rejected' | 'review' | 'consider' | 'none';

/** Compact stored form of a Yoti session. */
export interface YotiRecord extends BaseRecord {
  seed: number;
  state: YotiState;
  outcome: YotiOutcome;
  /** Upload time of each captured resource, in plan order (length = resources captured so far). */
  stageTimes: number[];
  completedAt: number | null;
  /** When `client_session_token` (and the session deadline) expires. */
  tokenExpiresAt: number;
  /** Set on sessions created through `POST /sessions`. */
  api?: YotiApiFields;
}

/** What a session created through the API keeps of its specification. */
export interface YotiApiFields {
  /** `user_tracking_id` from the request (replaces the generated one). */
  userTrackingId: string | null;
}

/** What `createFromApi` needs from a validated `POST /sessions` body. */
export interface YotiCreateSpec {
  userTrackingId: string | null;
  /** Lifetime of the client session token, in seconds. */
  tokenTtlSeconds: number;
}

/** A media item referenced by a rendered session, with what its content endpoint returns. */
export interface YotiMediaRef {
  id: string;
  type: string;
  /** `null` = 204 No Content. */
  content: { contentType: string; kind: 'image' | 'json' | 'binary'; json?: JsonObject } | null;
}

const TOKEN_LIFETIME = 30 * DAY;
/** Yoti's default `client_session_token_ttl` when the create body gives none (the SDK's examples use 600). */
export const DEFAULT_TOKEN_TTL_SECONDS = 600;

const API_OUTCOMES: ReadonlyArray<readonly [YotiOutcome, number]> = [
  ['approved', 55],
  ['rejected', 12],
  ['review', 10],
  ['consider', 18],
  ['none', 5],
];

/** Generated Yoti IDV sessions. */
export class YotiData implements ProviderData<YotiRecord> {
  readonly store = new RecordStore<YotiRecord>();
  private readonly seed: number;
  private apiCreated = 0;

  constructor(seed: number, now: number, count: number) {
    this.seed = seed;
    const rng = Rng.from(seed, 'yoti', 'generate');
    for (let i = 0; i < count; i++) this.store.add(this.generate(rng, now));
  }

  private generate(rng: Rng, now: number): YotiRecord {
    const seed = rng.u32();
    const plan = yotiShape(seed);
    const state = rng.weighted<YotiState>([
      ['COMPLETED', 80],
      ['ONGOING', 12],
      ['EXPIRED', 8],
    ]);
    const n = plan.captureGaps.length;
    const stage = state === 'COMPLETED' ? n : state === 'ONGOING' ? rng.int(0, n) : rng.int(0, n - 1);
    const offsets: number[] = [];
    let t = rng.int(5, 60) * 1000;
    for (let i = 0; i < stage; i++) {
      t += (plan.captureGaps[i] as number) * 1000;
      offsets.push(t);
    }
    const tokenLifetime = TOKEN_LIFETIME + rng.int(0, 12 * 3600) * 1000;
    let createdAt: number;
    let completedAt: number | null = null;
    if (state === 'COMPLETED') {
      const span = t + rng.int(20, 120) * 1000;
      createdAt = now - rng.int(span / 1000 + 60, 90 * 86400) * 1000;
      completedAt = createdAt + span;
    } else if (state === 'ONGOING') {
      createdAt = now - rng.int(30, 30 * 3600) * 1000 - t;
    } else {
      createdAt = now - rng.int(Math.ceil(tokenLifetime / 1000) + 60, 90 * 86400) * 1000;
      completedAt = createdAt + tokenLifetime;
    }
    const stageTimes = offsets.map((o) => createdAt + o);
    const outcome: YotiOutcome =
      state === 'COMPLETED'
        ? rng.weighted<YotiOutcome>([
            ['approved', 72],
            ['rejected', 12],
            ['review', 12],
            ['none', 4],
          ])
        : 'none';
    return {
      id: uuidV4(rng),
      seed,
      state,
      outcome,
      stageTimes,
      completedAt,
      createdAt,
      updatedAt: completedAt ?? stageTimes[stageTimes.length - 1] ?? createdAt,
      tokenExpiresAt: createdAt + tokenLifetime,
    };
  }

  create(rng: Rng, count: number, from: number, to: number): YotiRecord[] {
    const created: YotiRecord[] = [];
    for (let i = 0; i < count; i++) {
      const createdAt = timeBetween(() => rng.next(), from, to);
      const record: YotiRecord = {
        id: uuidV4(rng),
        seed: rng.u32(),
        state: 'ONGOING',
        outcome: 'none',
        stageTimes: [],
        completedAt: null,
        createdAt,
        updatedAt: createdAt,
        tokenExpiresAt: createdAt + TOKEN_LIFETIME + rng.int(0, 12 * 3600) * 1000,
      };
      this.store.add(record);
      created.push(record);
    }
    return created;
  }

  /**
   * A session created by `POST /sessions` at virtual time `now`: ONGOING, nothing captured yet. Deterministic
   * given the seed and the number of sessions created through the API before it.
   */
  createFromApi(spec: YotiCreateSpec, now: number): YotiRecord {
    const rng = Rng.from(this.seed, 'yoti', 'api', this.apiCreated++);
    const createdAt = now;
    const record: YotiRecord = {
      id: uuidV4(rng),
      seed: rng.u32(),
      state: 'ONGOING',
      outcome: 'none',
      stageTimes: [],
      completedAt: null,
      createdAt,
      updatedAt: createdAt,
      tokenExpiresAt: createdAt + spec.tokenTtlSeconds * 1000,
      api: { userTrackingId: spec.userTrackingId },
    };
    this.store.add(record);
    return record;
  }

  /** The secret client session token of a session (derived from its seed). */
  tokenOf(record: YotiRecord): string {
    return yotiPlan(record.seed).token;
  }

  /** Whether the session's checks are running (everything captured, not yet completed): deletes get 409. */
  checksRunning(record: YotiRecord): boolean {
    const plan = yotiPlan(record.seed);
    return (
      record.state === 'ONGOING' &&
      record.stageTimes.length === plan.captures.length &&
      plan.checks.length > 0
    );
  }

  /** Deletes one session (`DELETE /sessions/{id}`); false when it does not exist. */
  remove(id: string): boolean {
    return this.store.deleteWhere((r) => r.id === id).length > 0;
  }

  isOpen(record: YotiRecord): boolean {
    return record.state === 'ONGOING';
  }

  step(rng: Rng, record: YotiRecord, t: number): boolean {
    if (record.state !== 'ONGOING') return false;
    if (record.stageTimes.length < yotiShape(record.seed).captureGaps.length) {
      record.stageTimes.push(t);
    } else {
      record.state = 'COMPLETED';
      record.completedAt = t;
      record.outcome = record.api
        ? rng.weighted<YotiOutcome>(API_OUTCOMES)
        : rng.weighted<YotiOutcome>([
            ['approved', 72],
            ['rejected', 12],
            ['review', 12],
            ['none', 4],
          ]);
    }
    record.updatedAt = t;
    return true;
  }

  expire(record: YotiRecord, _from: number, to: number): boolean {
    if (record.state !== 'ONGOING' || record.tokenExpiresAt > to) return false;
    record.state = 'EXPIRED';
    record.completedAt = record.tokenExpiresAt;
    record.updatedAt = Math.max(record.tokenExpiresAt, record.updatedAt + 1);
    return true;
  }

  /** The notification Yoti would send after this session changed (or was created). */
  notificationFor(record: YotiRecord): JsonObject {
    if (record.state !== 'ONGOING') return { session_id: record.id, topic: 'session_completion' };
    const plan = yotiPlan(record.seed);
    const last = plan.captures[record.stageTimes.length - 1];
    const resourceId = last?.id ?? plan.applicantProfile?.id;
    return resourceId
      ? { session_id: record.id, topic: 'resource_update', resource_id: resourceId }
      : { session_id: record.id, topic: 'resource_update' };
  }

  /** `Session` payload (`GET /sessions/{sessionId}`), as of virtual time `now`. */
  renderSession(record: YotiRecord, now: number): JsonObject {
    const plan = yotiPlan(record.seed);
    const ttl = Math.max(0, Math.floor((record.tokenExpiresAt - now) / 1000));
    const out: JsonObject = { client_session_token_ttl: ttl, session_id: record.id, state: record.state };
    if (ttl > 0 && (record.state === 'ONGOING' || plan.keepsTokenAfterCompletion)) {
      out.client_session_token = plan.token;
    }
    const captured = plan.captures.slice(0, record.stageTimes.length);
    if (captured.some((c) => c.kind === 'liveness'))
      out.biometric_consent = isoSeconds(record.createdAt + 20_000);
    const resources: Record<string, JsonValue[]> = {
      id_documents: [],
      supplementary_documents: [],
      liveness_capture: [],
      face_capture: [],
      applicant_profiles: [],
    };
    if (plan.applicantProfile) {
      const at = isoSeconds(record.createdAt);
      resources.applicant_profiles?.push({
        id: plan.applicantProfile.id,
        tasks: [],
        source: { type: 'RELYING_BUSINESS' },
        created_at: at,
        last_updated: at,
        media: { id: plan.applicantProfile.media, type: 'JSON', created: at, last_updated: at },
      });
    }
    captured.forEach((capture, index) => {
      const at = record.stageTimes[index] as number;
      const key = {
        id_document: 'id_documents',
        supplementary_document: 'supplementary_documents',
        liveness: 'liveness_capture',
        face_capture: 'face_capture',
      }[capture.kind];
      resources[key]?.push(renderCapture(capture, Math.max(record.createdAt, at - 25_000), at));
    });
    out.resources = resources;
    out.checks = this.renderChecks(record, plan);
    const userTrackingId = record.api ? record.api.userTrackingId : plan.userTrackingId;
    if (userTrackingId) out.user_tracking_id = userTrackingId;
    return out;
  }

  private renderChecks(record: YotiRecord, plan: YotiPlan): JsonValue[] {
    const allCaptured = record.stageTimes.length === plan.captures.length;
    if (record.state === 'EXPIRED' || (record.state === 'ONGOING' && !allCaptured)) return [];
    if (record.state === 'COMPLETED' && record.outcome === 'none') return [];
    const rng = new Rng(record.seed ^ 0x3c6ef372);
    const lastCapture = record.stageTimes[record.stageTimes.length - 1] ?? record.createdAt;
    return plan.checks.map((check, index) => {
      const base: JsonObject = {
        type: check.type,
        id: check.id,
        state: record.state === 'COMPLETED' ? 'DONE' : 'CREATED',
        resources_used: check.resources,
        generated_media: [],
      };
      if (record.state === 'COMPLETED') {
        let verdict: CheckVerdict = 'APPROVE';
        if (index === plan.failingCheck && record.outcome === 'rejected') verdict = 'REJECT';
        if (index === plan.failingCheck && record.outcome === 'review') verdict = 'NOT_AVAILABLE';
        if (index === plan.failingCheck && record.outcome === 'consider') verdict = 'CONSIDER';
        base.report = checkReport(rng, check.type, verdict);
        base.created = isoSeconds(Math.max(lastCapture, (record.completedAt as number) - 15_000));
        base.last_updated = isoSeconds(record.completedAt as number);
      } else {
        base.created = isoSeconds(lastCapture);
        base.last_updated = isoSeconds(lastCapture);
      }
      return base;
    });
  }

  /** Every media item the session currently references, with its content. */
  mediaOf(record: YotiRecord, now: number): YotiMediaRef[] {
    const plan = yotiPlan(record.seed);
    const out: YotiMediaRef[] = [];
    const walk = (value: JsonValue, context: string): void => {
      if (Array.isArray(value)) {
        for (const v of value) walk(v, context);
        return;
      }
      if (value === null || typeof value !== 'object') return;
      for (const [key, child] of Object.entries(value)) {
        if ((key === 'media' || key === 'generated_media') && child !== null && typeof child === 'object') {
          for (const m of Array.isArray(child) ? child : [child]) {
            if (m && typeof m === 'object' && !Array.isArray(m) && typeof m.id === 'string') {
              out.push(mediaRef(plan, m.id, String(m.type ?? 'IMAGE'), context));
            }
          }
        } else {
          walk(child, key === 'frames' ? 'frame' : key === 'applicant_profiles' ? 'profile' : context);
        }
      }
    };
    walk(this.renderSession(record, now).resources ?? null, 'resource');
    return out;
  }
}

function media(id: string, type: string, at: number): JsonObject {
  const iso = isoSeconds(at);
  return { id, type, created: iso, last_updated: iso };
}

function renderCapture(capture: PlannedCapture, start: number, at: number): JsonObject {
  const tasks: JsonValue[] = [];
  if (capture.task) {
    tasks.push({
      type:
        capture.kind === 'id_document'
          ? 'ID_DOCUMENT_TEXT_DATA_EXTRACTION'
          : 'SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION',
      id: capture.task.id,
      state: 'DONE',
      created: isoSeconds(start),
      last_updated: isoSeconds(at),
      generated_checks: [],
      generated_media: [{ id: capture.task.media, type: 'JSON' }],
    });
  }
  const out: JsonObject = {
    id: capture.id,
    tasks,
    source: { type: capture.source },
    created_at: isoSeconds(start),
    last_updated: isoSeconds(at),
  };
  if (capture.kind === 'id_document' || capture.kind === 'supplementary_document') {
    out.document_type = capture.documentType as string;
    out.issuing_country = capture.issuingCountry as string;
    out.pages = capture.pages.map((page, p) => {
      const pageAt = start + 5_000 + p * 5_000;
      const rendered: JsonObject = {
        capture_method: page.captureMethod,
        media: media(page.media, 'IMAGE', pageAt),
      };
      if (page.frames.length > 0) {
        rendered.frames = page.frames.map((frame, f) => ({
          media: media(frame, 'IMAGE', pageAt + (f + 1) * 1000),
        }));
      }
      return rendered;
    });
  } else if (capture.kind === 'liveness') {
    out.liveness_type = capture.livenessType as string;
    if (capture.livenessType === 'ZOOM') {
      out.facemap = { media: media(capture.mainMedia as string, 'BINARY', at) };
      out.frames = (capture.pages[0]?.frames ?? []).map((frame, f) => ({
        media: media(frame, 'IMAGE', start + (f + 1) * 1000),
      }));
    } else {
      out.image = { media: media(capture.mainMedia as string, 'IMAGE', at) };
    }
  } else {
    out.image = { media: media(capture.mainMedia as string, 'IMAGE', at) };
  }
  return out;
}

function mediaRef(plan: YotiPlan, id: string, type: string, context: string): YotiMediaRef {
  if (plan.purged.has(id)) return { id, type, content: null };
  if (type === 'JSON') {
    const who = plan.person;
    const json: JsonObject =
      context === 'profile'
        ? {
            full_name: who.fullName,
            date_of_birth: who.dateOfBirth,
            structured_postal_address: { country_iso: who.nationality, address_format: 1 },
          }
        : {
            full_name: who.fullName,
            given_names: who.givenNames,
            family_name: who.familyName,
            date_of_birth: who.dateOfBirth,
            nationality: who.nationality,
            document_number: id.slice(0, 9).toUpperCase(),
          };
    return { id, type, content: { contentType: 'application/json', kind: 'json', json } };
  }
  if (type === 'BINARY')
    return { id, type, content: { contentType: 'application/octet-stream', kind: 'binary' } };
  return { id, type, content: { contentType: 'image/png', kind: 'image' } };
}
