import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FetchedSession, Normalized, RawMode } from '../src/engine/types.js';
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
    const idnow = normalizeIdnow(fetched(fixture('idnow-completed')), 'full').record;
    expect(JSON.stringify(idnow.raw)).not.toContain('token=abc');
    expect(normalizeIdnow(fetched(fixture('idnow-completed')), 'none').record.raw).toBeNull();
  });
});

describe('unmapped and invalid values', () => {
  it('maps an unknown status to unknown and counts it, never coercing', () => {
    const payload = { ...fixture('idnow-completed'), sessionStatus: 'PAUSED', outcome: 'MAYBE' };
    const { record, unmapped } = normalizeIdnow(fetched(payload), 'minimal');
    expect(record).toMatchObject({
      status: 'unknown',
      providerStatus: 'PAUSED',
      outcome: 'unknown',
      providerOutcome: 'MAYBE',
    });
    expect(unmapped).toBe(2);
  });

  it.each([
    ['a timestamp that is not one', { createdAt: 'yesterday' }, /createdAt: expected an ISO 8601 timestamp/],
    ['a missing id', { sessionId: undefined }, /sessionId: expected a non-empty identifier/],
    ['a missing status', { sessionStatus: undefined }, /sessionStatus: expected a status/],
  ])('rejects %s with a reason', (_n, patch, reason) => {
    expect(() => normalizeIdnow(fetched({ ...fixture('idnow-completed'), ...patch }), 'minimal')).toThrow(
      reason,
    );
  });
});
