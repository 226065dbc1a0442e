import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FetchedSession } from '../src/engine/types.js';
import { normalizeYoti } from '../src/providers/yoti/normalize.js';
import { checkReason } from '../src/providers/yoti/reasons.js';

const completed = () =>
  JSON.parse(readFileSync(new URL('./fixtures/yoti-completed.json', import.meta.url), 'utf8'));
const fetched = (payload: unknown): FetchedSession => ({
  ref: { sessionId: 'x', scope: { key: 'default' }, createdAt: null, updatedAt: null },
  payload,
});

describe('Yoti rejection reasons', () => {
  it.each([
    [
      'a documented reject reason',
      { value: 'REJECT', reason: 'FACE_NOT_MATCHING' },
      'face_mismatch',
      'FACE_NOT_MATCHING',
    ],
    [
      'an expired document',
      { value: 'REJECT', reason: 'DOCUMENT_EXPIRED' },
      'document_expired',
      'DOCUMENT_EXPIRED',
    ],
    [
      'fraud',
      { value: 'REJECT', reason: 'FRAUD_DETECTED', recovery_suggestion: 'USE_GENUINE_DOCUMENT' },
      'fraud_suspected',
      'FRAUD_DETECTED',
    ],
    [
      'a NOT_AVAILABLE quality reason',
      { value: 'NOT_AVAILABLE', reason: 'GLARE' },
      'document_unreadable',
      'GLARE',
    ],
    ['a watchlist hit', { value: 'REJECT', reason: 'WATCHLIST_HIT' }, 'watchlist_hit', 'WATCHLIST_HIT'],
    ['a code not in the table', { value: 'REJECT', reason: 'SOMETHING_NEW' }, 'other', 'SOMETHING_NEW'],
    [
      'only a recovery suggestion',
      { value: 'REJECT', recovery_suggestion: 'RETAKE_SELFIE' },
      'other',
      'RETAKE_SELFIE',
    ],
    ['no reason', { value: 'APPROVE' }, null, null],
  ])('%s', (_name, recommendation, reasonCode, providerReason) => {
    expect(checkReason(recommendation)).toEqual({ reasonCode, providerReason });
  });

  it("a rejected session takes its first rejecting check's reason; each check keeps its own", () => {
    const s = completed();
    s.checks[0].report.recommendation = { value: 'NOT_AVAILABLE', reason: 'PHOTO_TOO_BLURRY' };
    s.checks[1].report.recommendation = { value: 'REJECT', reason: 'DATA_MISMATCH' };
    s.checks.push({
      ...s.checks[1],
      id: 'third',
      report: { recommendation: { value: 'REJECT', reason: 'FRAUD_DETECTED' } },
    });
    const r = normalizeYoti(fetched(s), 'minimal').record;
    expect(r.outcome).toBe('rejected');
    expect([r.reasonCode, r.providerReason]).toEqual(['document_invalid', 'DATA_MISMATCH']);
    expect(r.checks.map((c) => [c.result, c.reasonCode, c.providerReason])).toEqual([
      ['review', 'document_unreadable', 'PHOTO_TOO_BLURRY'],
      ['fail', 'document_invalid', 'DATA_MISMATCH'],
      ['fail', 'fraud_suspected', 'FRAUD_DETECTED'],
    ]);
  });

  it('a session that is not rejected has no reason, though a check may', () => {
    const s = completed();
    s.checks[1].report.recommendation = { value: 'NOT_AVAILABLE', reason: 'GLARE' };
    const r = normalizeYoti(fetched(s), 'minimal').record;
    expect(r.outcome).toBe('review');
    expect([r.reasonCode, r.providerReason]).toEqual([null, null]);
    expect(r.checks[1]).toMatchObject({ reasonCode: 'document_unreadable', providerReason: 'GLARE' });
  });
});
