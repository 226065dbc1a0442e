import type { WorkflowSession } from '@idvkit/complycube';
import { describe, expect, it } from 'vitest';
import { ListedSessions } from '../src/providers/complycube/listed-sessions.js';

const item = (id: string, updatedAt = '2026-01-01T10:00:00.000Z'): WorkflowSession =>
  ({ id, status: 'complete', createdAt: updatedAt, updatedAt, allRelatedChecks: [] }) as WorkflowSession;

describe('ComplyCube list items stand in for the detail only for the listed reference', () => {
  it('the listed reference takes its item once', () => {
    const listed = new ListedSessions(10);
    listed.put(item('a'));
    expect(listed.take('a', new Date('2026-01-01T10:00:00.000Z'))).toEqual(item('a'));
    expect(listed.take('a', new Date('2026-01-01T10:00:00.000Z'))).toBeUndefined();
  });

  it('a reference made from an id (webhook, re-poll) never gets a kept item: it may be stale', () => {
    const listed = new ListedSessions(10);
    listed.put(item('a'));
    expect(listed.take('a', null)).toBeUndefined();
    expect(listed.take('a', new Date('2026-01-01T10:00:00.000Z'))).toEqual(item('a'));
  });

  it('a reference of another listing (other updatedAt) reads the detail', () => {
    const listed = new ListedSessions(10);
    listed.put(item('a'));
    expect(listed.take('a', new Date('2026-01-01T11:00:00.000Z'))).toBeUndefined();
  });

  it('keeps no item without allRelatedChecks (a trimmed list item), and at most its capacity', () => {
    const listed = new ListedSessions(2);
    const at = new Date('2026-01-01T10:00:00.000Z');
    listed.put({ ...item('t'), allRelatedChecks: undefined } as WorkflowSession);
    expect(listed.take('t', at)).toBeUndefined();
    for (const id of ['a', 'b', 'c']) listed.put(item(id));
    expect(listed.take('a', at)).toBeUndefined();
    expect(listed.take('b', at)).toBeDefined();
    expect(listed.take('c', at)).toBeDefined();
  });
});
