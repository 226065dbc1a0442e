import { describe, expect, it } from 'vitest';
import { minimize } from '../src/engine/minimize.js';

const keys = { secret: ['token'], personal: ['name', 'dob'] };
const payload = {
  id: 's1',
  token: 't',
  name: 'Ada',
  checks: [{ id: 'c1', name: 'x', nested: { dob: '1990', ok: true, token: 'u' } }, 3, null, ['name']],
};

describe('minimize', () => {
  it('drops secret and personal keys at any depth in minimal mode, keeping arrays and scalars', () => {
    expect(minimize(payload, 'minimal', keys)).toEqual({
      id: 's1',
      checks: [{ id: 'c1', nested: { ok: true } }, 3, null, ['name']],
    });
  });

  it('drops only secret keys in full mode, stores nothing in none mode, and never edits the payload', () => {
    const copy = structuredClone(payload);
    expect(minimize(payload, 'full', keys)).toEqual({
      id: 's1',
      name: 'Ada',
      checks: [{ id: 'c1', name: 'x', nested: { dob: '1990', ok: true } }, 3, null, ['name']],
    });
    expect(minimize(payload, 'none', keys)).toBeNull();
    expect(payload).toEqual(copy);
  });

  it('shares the parts without a dropped key instead of copying them', () => {
    const out = minimize(payload, 'minimal', keys) as { checks: unknown[] };
    expect(out).not.toBe(payload);
    expect(out.checks[3]).toBe(payload.checks[3]);
    const clean = { id: 's2', checks: [{ id: 'c2' }] };
    expect(minimize(clean, 'minimal', keys)).toBe(clean);
    expect(minimize(payload, 'full', keys)).not.toBe(payload);
  });
});
