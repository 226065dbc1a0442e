import { describe, expect, it } from 'vitest';
import { NOTIFICATION_TOPICS, parseNotification } from '../src/index.js';

describe('parseNotification', () => {
  it.each([
    ['an object', { session_id: 's1', topic: 'check_completion', check_id: 'c1' }],
    ['JSON text', '{"session_id":"s1","topic":"check_completion","check_id":"c1"}'],
    ['bytes', new TextEncoder().encode('{"session_id":"s1","topic":"check_completion","check_id":"c1"}')],
  ])('parses %s', (_name, body) => {
    expect(parseNotification(body)).toEqual({ session_id: 's1', topic: 'check_completion', check_id: 'c1' });
  });

  it('keeps an undocumented topic (open enum)', () => {
    expect(parseNotification({ session_id: 's1', topic: 'new_topic' }).topic).toBe('new_topic');
    expect(NOTIFICATION_TOPICS).toContain('session_completion');
  });

  it.each([
    ['not JSON', 'session_id=s1', /does not parse/],
    ['no session_id', { topic: 'session_completion' }, /string `session_id` and `topic`/],
    ['a non-string check_id', { session_id: 's1', topic: 'check_completion', check_id: 7 }, /`check_id`/],
    ['null', null, /string `session_id` and `topic`/],
  ])('rejects %s', (_name, body, message) => {
    expect(() => parseNotification(body)).toThrow(message);
  });
});
