import type { CheckRecord, SessionRecord } from '../src/index.js';

/** A session record with sensible defaults; override what the test is about. */
export function session(overrides: Partial<SessionRecord> & Pick<SessionRecord, 'sessionId'>): SessionRecord {
  return {
    provider: 'idnow',
    environment: 'live',
    flowId: 'flow-a',
    flowVersion: '1',
    subjectRef: null,
    status: 'in_progress',
    providerStatus: 'RUNNING',
    isTerminal: false,
    outcome: 'none',
    providerOutcome: null,
    createdAt: new Date('2025-01-01T10:00:00Z'),
    startedAt: null,
    completedAt: null,
    updatedAt: new Date('2025-01-01T10:00:00Z'),
    expiresAt: null,
    lastStepId: null,
    lastStepType: null,
    lastStepVerdict: null,
    raw: { id: overrides.sessionId },
    checks: [],
    datablocks: [],
    ...overrides,
  };
}

/** A check record with sensible defaults. */
export function check(overrides: Partial<CheckRecord> & Pick<CheckRecord, 'checkId'>): CheckRecord {
  return {
    checkType: 'LIVENESS',
    status: 'done',
    providerStatus: 'DONE',
    result: 'pass',
    providerResult: 'APPROVE',
    createdAt: new Date('2025-01-01T10:00:00Z'),
    completedAt: new Date('2025-01-01T10:01:00Z'),
    raw: { id: overrides.checkId },
    ...overrides,
  };
}
