import { readFileSync } from 'node:fs';
import type { Check } from '@idvkit/complycube';
import { REASON_CODES } from '@idvkit/db';
import { startSandbox } from '@idvkit/sandbox';
import { describe, expect, it } from 'vitest';
import type { FetchedSession } from '../src/engine/types.js';
import { failingKeys } from '../src/providers/complycube/failing-keys.js';
import { normalizeComplyCube } from '../src/providers/complycube/normalize.js';
import { checkReason } from '../src/providers/complycube/reasons.js';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/complycube-complete.json', import.meta.url), 'utf8'),
) as { session: Record<string, any>; checks: Check[] };
const fetched = (payload: unknown): FetchedSession => ({
  ref: { sessionId: 'x', scope: { key: 'default' }, createdAt: null, updatedAt: null },
  payload,
});
const check = (type: string, outcome: string | null, breakdown?: unknown, status = 'complete'): Check =>
  ({
    id: 'c1',
    type,
    status,
    ...(outcome ? { result: { outcome, ...(breakdown ? { breakdown } : {}) } } : {}),
  }) as Check;
const analysis = (tests: Record<string, string>) => ({
  outcome: Object.values(tests).includes('attention') ? 'attention' : 'clear',
  breakdown: tests,
});

describe('ComplyCube check reasons: check type and failing breakdown keys → reason_code, provider_reason', () => {
  const cases: Array<
    [string, { given: Check; want: { reasonCode: string; providerReason: string } | null }]
  > = [
    ['a clear check has none', { given: check('document_check', 'clear'), want: null }],
    ['a pending check has none', { given: check('document_check', null, undefined, 'pending'), want: null }],
    ['an errored check has none', { given: check('identity_check', null, undefined, 'failed'), want: null }],
    [
      'document expired',
      {
        given: check('document_check', 'rejected', {
          extractedData: { holderDetails: { firstName: ['Ann'] } },
          contentAnalysis: analysis({ issuingDate: 'clear', expiryDate: 'attention' }),
          mrzAnalysis: analysis({ mrzFormat: 'clear' }),
        }),
        want: { reasonCode: 'document_expired', providerReason: 'rejected: contentAnalysis.expiryDate' },
      },
    ],
    [
      'forensic analysis (and the authenticity summary it raises) → fraud suspected',
      {
        given: check('document_check', 'attention', {
          forensicAnalysis: analysis({ imageManipulation: 'attention' }),
          authenticityAnalysis: { outcome: 'attention' },
        }),
        want: {
          reasonCode: 'fraud_suspected',
          providerReason: 'attention: forensicAnalysis.imageManipulation, authenticityAnalysis',
        },
      },
    ],
    [
      'a format fault is an invalid document, though it also raises the authenticity summary',
      {
        given: check('document_check', 'rejected', {
          formatAnalysis: analysis({ securityElements: 'attention' }),
          authenticityAnalysis: { outcome: 'attention' },
        }),
        want: {
          reasonCode: 'document_invalid',
          providerReason: 'rejected: formatAnalysis.securityElements, authenticityAnalysis',
        },
      },
    ],
    [
      'an analysis failing with no failing sub-test is named itself',
      {
        given: check('document_check', 'rejected', { mrzAnalysis: { outcome: 'attention' } }),
        want: { reasonCode: 'document_invalid', providerReason: 'rejected: mrzAnalysis' },
      },
    ],
    [
      'a document check with no breakdown → other',
      {
        given: check('document_check', 'rejected'),
        want: { reasonCode: 'other', providerReason: 'rejected' },
      },
    ],
    [
      'screening: the lists hit, never the matches (names)',
      {
        given: check('extensive_screening_check', 'match_confirmed', {
          summary: { pep: { level1: 'attention' }, sanctions: 'attention', watchlist: 'clear' },
          matchCount: 2,
          matches: [{ name: 'Ann Example', types: ['pep'] }],
        }),
        want: {
          reasonCode: 'watchlist_hit',
          providerReason: 'match_confirmed: summary.pep.level1, summary.sanctions',
        },
      },
    ],
    [
      'face comparison → face mismatch',
      {
        given: check('face_authentication_check', 'rejected', {
          faceComparison: { outcome: 'attention', score: 41 },
          livenessAnalysis: { outcome: 'clear' },
        }),
        want: { reasonCode: 'face_mismatch', providerReason: 'rejected: faceComparison' },
      },
    ],
    [
      'liveness → liveness failed',
      {
        given: check('face_authentication_check', 'attention', {
          faceComparison: { outcome: 'clear', score: 90 },
          livenessAnalysis: { outcome: 'attention' },
        }),
        want: { reasonCode: 'liveness_failed', providerReason: 'attention: livenessAnalysis' },
      },
    ],
    [
      'identity check → face mismatch, with the fields that did not match',
      {
        given: check('identity_check', 'rejected', {
          nameMatch: 'partial_match',
          dateOfBirthMatch: 'match',
          score: 33,
        }),
        want: { reasonCode: 'face_mismatch', providerReason: 'rejected: nameMatch' },
      },
    ],
    [
      'age estimation → age check failed',
      {
        given: check('age_estimation_check', 'rejected'),
        want: { reasonCode: 'age_check_failed', providerReason: 'rejected' },
      },
    ],
    [
      'proof of address → document invalid',
      {
        given: check('proof_of_address_check', 'attention'),
        want: { reasonCode: 'document_invalid', providerReason: 'attention' },
      },
    ],
    [
      'an unknown check type → other',
      {
        given: check('multi_bureau_check', 'rejected'),
        want: { reasonCode: 'other', providerReason: 'rejected' },
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(checkReason(given)).toEqual(want);
  });

  it('reports at most 8 keys', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'attention']));
    expect(failingKeys(many)).toHaveLength(8);
  });
});

describe('ComplyCube session: flow name and reason', () => {
  it('takes the flow name from workflowTemplateName and the reason from the first rejected check', () => {
    const r = normalizeComplyCube(fetched({ ...fixture, reusedChecks: [] }), 'minimal').record;
    expect(r).toMatchObject({
      flowId: '68566be2a37a78622f4f7be3',
      flowName: 'AML + Liveness + Document Verification flow',
      outcome: 'review',
      reasonCode: 'watchlist_hit',
      providerReason: 'match_confirmed',
    });
    expect(r.checks.map((c) => [c.checkType, c.reasonCode, c.providerReason])).toEqual([
      ['document_check', null, null],
      ['extensive_screening_check', 'watchlist_hit', 'match_confirmed'],
    ]);
  });

  it('a rejected check wins over an earlier attention one; the order is the session’s, not the fetch’s', () => {
    const [doc, screening] = fixture.checks as [Check, Check];
    const attention = {
      ...doc,
      result: { outcome: 'attention', breakdown: { mrzAnalysis: { outcome: 'attention' } } },
    };
    const rejected = { ...screening, type: 'face_authentication_check', result: { outcome: 'rejected' } };
    const session = { ...fixture.session, outcome: 'rejected' };
    const r = normalizeComplyCube(
      fetched({ session, checks: [rejected, attention], reusedChecks: [] }),
      'minimal',
    ).record;
    expect([r.reasonCode, r.providerReason]).toEqual(['face_mismatch', 'rejected']);
    const reviewOnly = normalizeComplyCube(
      fetched({ session: { ...session, outcome: 'attention' }, checks: [attention], reusedChecks: [] }),
      'minimal',
    ).record;
    expect([reviewOnly.reasonCode, reviewOnly.providerReason]).toEqual([
      'document_invalid',
      'attention: mrzAnalysis',
    ]);
  });

  it('a reason reused from a stored final check counts; a clear session has none; an errored check → other', () => {
    const stored = {
      checkId: '689c78f619987c0002774921',
      checkType: 'document_check',
      status: 'done' as const,
      providerStatus: 'complete',
      result: 'fail' as const,
      providerResult: 'rejected',
      createdAt: null,
      completedAt: null,
      reasonCode: 'document_expired' as const,
      providerReason: 'rejected: contentAnalysis.expiryDate',
      raw: null,
    };
    const session = { ...fixture.session, outcome: 'rejected' };
    const reused = normalizeComplyCube(
      fetched({ session, checks: [fixture.checks[1]], reusedChecks: [stored] }),
      'minimal',
    ).record;
    expect([reused.reasonCode, reused.providerReason]).toEqual([
      'document_expired',
      'rejected: contentAnalysis.expiryDate',
    ]);
    const clear = normalizeComplyCube(
      fetched({ session: { ...session, outcome: 'clear' }, checks: fixture.checks, reusedChecks: [] }),
      'minimal',
    ).record;
    expect([clear.reasonCode, clear.providerReason]).toEqual([null, null]);
    const errored = { ...(fixture.checks[0] as Check), status: 'failed', result: undefined } as Check;
    const noReason = normalizeComplyCube(
      fetched({ session: { ...session, outcome: 'attention' }, checks: [errored], reusedChecks: [] }),
      'minimal',
    ).record;
    expect([noReason.reasonCode, noReason.providerReason]).toEqual(['other', 'failed: document_check']);
  });

  it('over the sandbox dataset: a reason exactly for rejected and review sessions, keys only, from the vocabulary', async () => {
    const sandbox = await startSandbox({
      seed: 11,
      sessions: { idnow: 0, yoti: 0, verifa: 0, complycube: 400 },
    });
    try {
      const seen = new Set<string>();
      for (const t of sandbox.truth().complycube.sessions) {
        const checks = Object.values(t.checks) as unknown as Check[];
        const r = normalizeComplyCube(
          fetched({ session: t.session, checks, reusedChecks: [] }),
          'minimal',
        ).record;
        expect(r.flowName).toBe(t.session.workflowTemplateName);
        const failing = r.outcome === 'rejected' || r.outcome === 'review';
        expect(r.reasonCode != null, `${t.sessionId} ${r.outcome}`).toBe(failing);
        if (!r.reasonCode) continue;
        seen.add(r.reasonCode);
        expect(REASON_CODES).toContain(r.reasonCode);
        // Keys and outcomes only: no names, numbers or dates from the payload.
        expect(r.providerReason).toMatch(/^[a-z_]+(: [A-Za-z0-9_.]+(, [A-Za-z0-9_.]+)*)?$/);
        for (const c of r.checks) if (c.reasonCode) expect(REASON_CODES).toContain(c.reasonCode);
      }
      // The dataset exercises most of the mapping.
      expect(seen.size).toBeGreaterThanOrEqual(4);
    } finally {
      await sandbox.stop();
    }
  });
});
