import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FetchedSession, type Normalized, NormalizeError, type RawMode } from '../src/engine/types.js';
import { normalizeComplyCube } from '../src/providers/complycube/normalize.js';
import { normalizeIdnow } from '../src/providers/idnow/normalize.js';
import { normalizeVerifa } from '../src/providers/verifa/normalize.js';
import { normalizeYoti } from '../src/providers/yoti/normalize.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const fetched = (
  payload: unknown,
  scope = { key: 'f/live', environment: 'live', flowId: 'f' },
): FetchedSession => ({
  ref: { sessionId: 'x', scope, createdAt: null, updatedAt: null },
  payload,
});
type Normalizer = (f: FetchedSession, raw: RawMode) => Normalized;

describe('normalizers map the recorded payloads to the normalized vocabulary', () => {
  const cases: Array<
    [string, { normalize: Normalizer; payload: unknown; want: Record<string, unknown>; checks: unknown[] }]
  > = [
    [
      'idnow completed (upper-case outcome)',
      {
        normalize: normalizeIdnow,
        payload: fixture('idnow-completed'),
        want: {
          status: 'completed',
          isTerminal: true,
          outcome: 'approved',
          providerOutcome: 'ACCEPTED',
          lastStepType: 'END',
          flowVersion: '1',
        },
        checks: [],
      },
    ],
    [
      'yoti completed with a NOT_AVAILABLE check',
      {
        normalize: normalizeYoti,
        payload: fixture('yoti-completed'),
        want: {
          status: 'completed',
          isTerminal: true,
          outcome: 'review',
          providerOutcome: 'APPROVE,NOT_AVAILABLE',
          subjectRef: 'optional_string',
        },
        checks: [
          { checkType: 'IBV_VISUAL_REVIEW_CHECK', status: 'done', result: 'pass' },
          { checkType: 'PROFILE_DOCUMENT_MATCH', status: 'done', result: 'review' },
        ],
      },
    ],
    [
      'complycube complete with attention',
      {
        normalize: normalizeComplyCube,
        payload: fixture('complycube-complete'),
        want: {
          status: 'completed',
          isTerminal: true,
          outcome: 'review',
          flowId: '68566be2a37a78622f4f7be3',
          lastStepId: 'task_id_123',
        },
        checks: [
          { checkType: 'document_check', status: 'done', result: 'pass' },
          {
            checkType: 'extensive_screening_check',
            status: 'done',
            result: 'fail',
            providerResult: 'match_confirmed',
          },
        ],
      },
    ],
    [
      'verifa completed needing review',
      {
        normalize: normalizeVerifa,
        payload: fixture('verifa-completed'),
        want: {
          status: 'completed',
          isTerminal: true,
          outcome: 'review',
          providerOutcome: 'needs_review',
          reasonCode: 'face_mismatch',
          providerReason: 'The selfie does not match the document photo.',
          lastStepId: 'n_review',
          lastStepVerdict: 'fail',
        },
        checks: [
          { checkType: 'document', status: 'done', result: 'pass' },
          { checkType: 'liveness', status: 'pending', result: 'review' },
          { checkType: 'aml', status: 'done', result: 'none' },
        ],
      },
    ],
  ];

  it.each(cases)('%s', (_name, { normalize, payload, want, checks }) => {
    const { record, unmapped } = normalize(fetched(payload), 'minimal');
    expect(record).toMatchObject(want);
    expect(record.checks).toMatchObject(checks);
    expect(unmapped).toBe(0);
  });

  it('keeps datablock and resource references, not content', () => {
    const idnow = normalizeIdnow(fetched(fixture('idnow-completed')), 'minimal').record;
    expect(idnow.datablocks.map((d) => [d.datablockType, d.datablockId])).toEqual([
      ['documentVerification', '0197c55f-5af6-7e3d-af9b-f2359b200be1'],
      ['pepAndSanctionsResults', '0197c55f-5af6-7e3d-af9b-f2359b200be2'],
    ]);
    const yoti = normalizeYoti(fetched(fixture('yoti-completed')), 'minimal').record;
    expect(yoti.datablocks.map((d) => d.datablockType)).toEqual(['id_documents', 'applicant_profiles']);
  });
});

describe('minimization', () => {
  it('never stores secrets, and drops personal data unless raw is full', () => {
    const yoti = fixture('yoti-completed');
    for (const mode of ['minimal', 'full'] as const) {
      expect(JSON.stringify(normalizeYoti(fetched(yoti), mode).record.raw)).not.toContain(
        yoti.client_session_token,
      );
    }
    const cc = fixture('complycube-complete');
    const minimal = JSON.stringify(normalizeComplyCube(fetched(cc), 'minimal').record);
    expect(minimal).not.toContain('John');
    expect(JSON.stringify(normalizeComplyCube(fetched(cc), 'full').record.raw)).toContain('John Doe');
    const verifa = JSON.stringify(normalizeVerifa(fetched(fixture('verifa-completed')), 'full').record);
    expect(verifa).not.toContain('verify.example/c/secret');
    const verifaMinimal = JSON.stringify(
      normalizeVerifa(fetched(fixture('verifa-completed')), 'minimal').record,
    );
    expect(verifaMinimal).not.toContain('Jane');
    expect(verifaMinimal).not.toContain('extracted_age');
    expect(verifa).toContain('Jane');
    const idnow = normalizeIdnow(fetched(fixture('idnow-completed')), 'full').record;
    expect(JSON.stringify(idnow.raw)).not.toContain('token=abc');
    expect(normalizeIdnow(fetched(fixture('idnow-completed')), 'none').record.raw).toBeNull();
  });
});

/** A copy of `payload` with the value at a dotted `path` replaced (`undefined` deletes the key). */
function patched(payload: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(payload) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const NORMALIZERS: Record<string, { normalize: Normalizer; fixture: string }> = {
  idnow: { normalize: normalizeIdnow, fixture: 'idnow-completed' },
  yoti: { normalize: normalizeYoti, fixture: 'yoti-completed' },
  complycube: { normalize: normalizeComplyCube, fixture: 'complycube-complete' },
  verifa: { normalize: normalizeVerifa, fixture: 'verifa-completed' },
};
const run = (provider: string, path: string, value: unknown) => {
  const { normalize, fixture: name } = NORMALIZERS[provider]!;
  return normalize(fetched(patched(fixture(name), path, value)), 'minimal');
};

describe('a record missing what its normalizer needs is refused with a NormalizeError naming the field', () => {
  // [provider, path in the recorded payload, value (undefined = key removed), field named in the reason]
  const cases: Array<[string, string, unknown, string]> = [
    ['idnow', 'sessionId', undefined, 'sessionId'],
    ['idnow', 'sessionStatus', undefined, 'sessionStatus'],
    ['idnow', 'sessionStatus', '', 'sessionStatus'],
    ['idnow', 'createdAt', undefined, 'createdAt'],
    ['idnow', 'createdAt', 'yesterday', 'createdAt'],
    ['idnow', 'flowId', null, 'flowId'],
    ['yoti', 'session_id', undefined, 'session_id'],
    ['yoti', 'state', undefined, 'state'],
    ['yoti', 'state', null, 'state'],
    ['yoti', 'checks.0.id', undefined, 'checks[0].id'],
    ['yoti', 'checks.1.type', undefined, 'checks[1].type'],
    ['yoti', 'checks.1.state', undefined, 'checks[1].state'],
    ['complycube', 'session.id', undefined, 'id'],
    ['complycube', 'session.status', undefined, 'status'],
    ['complycube', 'session.createdAt', undefined, 'createdAt'],
    ['complycube', 'checks.0.id', '', 'checks[0].id'],
    ['complycube', 'checks.0.type', undefined, 'checks[0].type'],
    ['complycube', 'checks.1.status', undefined, 'checks[1].status'],
    ['verifa', 'session.id', undefined, 'id'],
    ['verifa', 'session.status', undefined, 'status'],
    ['verifa', 'session.status', 7, 'status'],
    ['verifa', 'session.created_at', undefined, 'created_at'],
    ['verifa', 'session.checks.0.id', undefined, 'checks[0].id'],
    ['verifa', 'session.checks.0.type', undefined, 'checks[0].type'],
    ['verifa', 'session.checks.1.status', undefined, 'checks[1].status'],
  ];

  it.each(cases)('%s without %s (%s) → NormalizeError naming %s', (provider, path, value, field) => {
    const error = (() => {
      try {
        run(provider, path, value);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(NormalizeError);
    expect((error as Error).message.startsWith(`${field}: expected`)).toBe(true);
  });

  it('refuses a payload that is not an object at all', () => {
    expect(() => normalizeYoti(fetched(null), 'minimal')).toThrow(NormalizeError);
    expect(() => normalizeIdnow(fetched('oops'), 'minimal')).toThrow(/sessionId: expected/);
  });
});

describe('a value present but not in the vocabulary is stored as unknown and counted in unmapped', () => {
  // [provider, path, value, what the record holds, unmapped]
  const cases: Array<[string, string, unknown, (r: Normalized['record']) => unknown, unknown, number]> = [
    [
      'idnow',
      'sessionStatus',
      'PAUSED',
      (r) => [r.status, r.providerStatus, r.isTerminal],
      ['unknown', 'PAUSED', false],
      1,
    ],
    ['idnow', 'outcome', 'MAYBE', (r) => [r.outcome, r.providerOutcome], ['unknown', 'MAYBE'], 1],
    [
      'yoti',
      'state',
      'PAUSED',
      (r) => [r.status, r.providerStatus, r.outcome],
      ['unknown', 'PAUSED', 'none'],
      1,
    ],
    ['yoti', 'checks.0.state', 'QUEUED', (r) => r.checks[0]!.status, 'unknown', 1],
    [
      'yoti',
      'checks.0.report.recommendation.value',
      'MAYBE',
      (r) => [r.checks[0]!.result, r.outcome],
      ['unknown', 'unknown'],
      1,
    ],
    ['complycube', 'session.status', 'paused', (r) => r.status, 'unknown', 1],
    ['complycube', 'session.outcome', 'maybe', (r) => r.outcome, 'unknown', 1],
    ['complycube', 'checks.0.status', 'queued', (r) => r.checks[0]!.status, 'unknown', 1],
    ['complycube', 'checks.0.result.outcome', 'maybe', (r) => r.checks[0]!.result, 'unknown', 1],
    ['verifa', 'session.status', 'paused', (r) => r.status, 'unknown', 1],
    ['verifa', 'result.status', 'maybe', (r) => r.outcome, 'unknown', 1],
    // One unknown value read twice (Verifa derives the check result from its status) is counted once.
    [
      'verifa',
      'session.checks.0.status',
      'queued',
      (r) => [r.checks[0]!.status, r.checks[0]!.result],
      ['unknown', 'unknown'],
      1,
    ],
  ];

  it.each(cases)('%s %s = %s', (provider, path, value, pick, want, unmapped) => {
    const normalized = run(provider, path, value);
    expect(pick(normalized.record)).toEqual(want);
    expect(normalized.unmapped).toBe(unmapped);
  });

  it.each([
    ['idnow', 'outcome'],
    ['complycube', 'session.outcome'],
    ['verifa', 'result.status'],
    ['verifa', 'result'],
    ['yoti', 'checks.0.report'],
  ])('an absent optional value (%s %s) takes its default and counts nothing', (provider, path) => {
    const normalized = run(provider, path, undefined);
    expect(normalized.unmapped).toBe(0);
    expect(normalized.record.outcome).not.toBe('unknown');
  });
});
