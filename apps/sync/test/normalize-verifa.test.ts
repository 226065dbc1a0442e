import { describe, expect, it } from 'vitest';
import type { FetchedSession } from '../src/engine/types.js';
import { normalizeVerifa } from '../src/providers/verifa/normalize.js';

const session = (status: string) => ({
  id: 'ses_1',
  status,
  environment: 'sandbox',
  created_at: '2026-01-10T10:00:00Z',
  updated_at: '2026-01-10T10:20:00Z',
  workflow_id: null,
  checks: [],
});
const fetched = (status: string, result: unknown): FetchedSession => ({
  ref: { sessionId: 'ses_1', scope: { key: 'default' }, createdAt: null, updatedAt: null },
  payload: { session: session(status), result, workflowRun: null },
});
const result = (status: string, code?: string | null, reason?: string | null) => ({
  session_id: 'ses_1',
  status,
  created_at: '2026-01-10T10:20:00Z',
  ...(code !== undefined ? { rejection_reason_code: code } : {}),
  ...(reason !== undefined ? { rejection_reason: reason } : {}),
});

describe('Verifa: the session result gives the outcome and the rejection reason', () => {
  // [name, {given: session status + result, want: record fields and unmapped count}]
  const cases: Array<
    [string, { status: string; result: unknown; want: Record<string, unknown>; unmapped?: number }]
  > = [
    [
      'approved: no reason even if a code lingers',
      {
        status: 'completed',
        result: result('approved', 'document_expired', 'old text'),
        want: { outcome: 'approved', providerOutcome: 'approved', reasonCode: null, providerReason: null },
      },
    ],
    [
      'rejected, document_unreadable (the docs example)',
      {
        status: 'completed',
        result: result('rejected', 'document_unreadable', 'The document could not be read.'),
        want: {
          outcome: 'rejected',
          reasonCode: 'document_unreadable',
          providerReason: 'The document could not be read.',
        },
      },
    ],
    ...(
      [
        ['document_expired', 'document_expired'],
        ['document_not_accepted', 'document_invalid'],
        ['face_match_failed', 'face_mismatch'],
        ['liveness_failed', 'liveness_failed'],
        ['watchlist_match', 'watchlist_hit'],
        ['underage', 'age_check_failed'],
        ['database_mismatch', 'other'],
        ['fraud_suspected', 'fraud_suspected'],
        ['Document_Expired', 'document_expired'],
        ['selfie_spoof_v2', 'other'],
      ] as const
    ).map(([code, want]): [string, { status: string; result: unknown; want: Record<string, unknown> }] => [
      `rejected, ${code} → ${want}`,
      {
        status: 'completed',
        result: result('rejected', code, 'why'),
        want: { outcome: 'rejected', reasonCode: want, providerReason: 'why' },
      },
    ]),
    [
      'rejected with a code and no text: the code is the provider reason',
      {
        status: 'completed',
        result: result('rejected', 'watchlist_match', null),
        want: { reasonCode: 'watchlist_hit', providerReason: 'watchlist_match' },
      },
    ],
    [
      'rejected with text and no code → other',
      {
        status: 'completed',
        result: result('rejected', null, 'Rejected by the reviewer.'),
        want: { reasonCode: 'other', providerReason: 'Rejected by the reviewer.' },
      },
    ],
    [
      'rejected with no reason at all',
      {
        status: 'completed',
        result: result('rejected'),
        want: { outcome: 'rejected', reasonCode: null, providerReason: null },
      },
    ],
    [
      'declined (the events’ word) is rejected',
      { status: 'completed', result: result('declined', 'underage'), want: { outcome: 'rejected' } },
    ],
    [
      'under_review: open, outcome review',
      {
        status: 'under_review',
        result: result('needs_review', 'face_match_failed', 'Low face match score.'),
        want: {
          status: 'in_progress',
          isTerminal: false,
          outcome: 'review',
          providerOutcome: 'needs_review',
          reasonCode: 'face_mismatch',
        },
      },
    ],
    [
      'completed without a result (404, not ready) → none',
      {
        status: 'completed',
        result: null,
        want: { status: 'completed', outcome: 'none', providerOutcome: null, reasonCode: null },
      },
    ],
    [
      'a payload without the result key (quarantined before results were read) → none',
      { status: 'expired', result: undefined, want: { status: 'expired', outcome: 'none' } },
    ],
    [
      'an unknown decision is unknown and counted',
      { status: 'completed', result: result('escalated'), want: { outcome: 'unknown' }, unmapped: 1 },
    ],
  ];

  it.each(cases)('%s', (_name, { status, result: given, want, unmapped = 0 }) => {
    const normalized = normalizeVerifa(fetched(status, given), 'minimal');
    expect(normalized.record).toMatchObject(want);
    expect(normalized.unmapped).toBe(unmapped);
  });

  it('keeps the result in raw without personal data unless raw is full', () => {
    const withData = {
      ...result('approved'),
      extracted_age: 41,
      extracted_data: { first_name: 'Ada' },
      face_match_score: 0.93,
    };
    const minimal = normalizeVerifa(fetched('completed', withData), 'minimal').record.raw as Record<
      string,
      any
    >;
    expect(minimal.result).toEqual({ ...result('approved'), face_match_score: 0.93 });
    const full = normalizeVerifa(fetched('completed', withData), 'full').record.raw as Record<string, any>;
    expect(full.result.extracted_data).toEqual({ first_name: 'Ada' });
  });
});
