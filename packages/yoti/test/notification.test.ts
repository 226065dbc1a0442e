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

  // The session id goes into `/sessions/{sessionId}` and into idv.discovered_sessions (issue 15).
  it.each([
    ['an empty session_id', '', /received ""$/],
    ['a dot-dot session_id', '..', /received "\.\."$/],
    ['a dot session_id', '.', /received "\."$/],
    ['a session_id with a slash', 'a/b', /received "a\/b"$/],
    ['a session_id with CRLF', 'x\r\ny', /received "x\\u000d\\u000ay"$/],
    ['a session_id with a NUL byte', 'a\u0000b', /received "a\\u0000b"$/],
    ['a 5,000-character session_id', 's'.repeat(5000), /received "s{60}…" \(5000 characters\)$/],
  ])('rejects %s, saying what it expected and received', (_name, sessionId, received) => {
    const text = JSON.stringify({ session_id: sessionId, topic: 'session_completion' });
    for (const body of [text, JSON.parse(text)]) {
      expect(() => parseNotification(body)).toThrow(
        /^yoti notification: expected `session_id` to be an id of 1 to 200 letters, digits/,
      );
      expect(() => parseNotification(body)).toThrow(received);
    }
  });

  it.each([
    ['an empty topic', ''],
    ['a topic with a NUL byte', 'session\u0000completion'],
    ['a 5,000-character topic', 't'.repeat(5000)],
  ])('rejects %s', (_name, topic) => {
    expect(() => parseNotification({ session_id: 's1', topic })).toThrow(/expected `topic` to be 1 to 100/);
  });
});
