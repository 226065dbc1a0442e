import { isSafeId } from '@idvkit/verifa';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';

/** Every string held under an id-like key (`id`, `sessionId`, `check_id`, …) anywhere in `value`. */
function idsIn(value: unknown, key = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) for (const v of value) idsIn(v, key, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) idsIn(v, k, out);
  } else if (typeof value === 'string' && /^id$|Id$|_id$/.test(key)) out.set(`${key}=${value}`, value);
  return out;
}

describe("the ids the sandbox generates (the providers' documented forms)", () => {
  it('all pass the id rule clients apply to path parameters (isSafeId)', async () => {
    const sandbox = await startSandbox({ seed: 15, sessions: 400 });
    try {
      await sandbox.advance({ minutes: 60, create: 20, progress: 0.5 });
      const found = idsIn({ truth: sandbox.truth(), flows: sandbox.idnowFlows });
      const keys = new Set([...found.keys()].map((k) => k.split('=')[0]));
      // The walk saw every provider's session ids and the nested ids (checks, media, flows).
      for (const k of ['sessionId', 'session_id', 'id', 'flowId']) expect(keys).toContain(k);
      expect(found.size).toBeGreaterThan(1000);
      const unsafe = [...found.entries()].filter(([, v]) => !isSafeId(v)).map(([k]) => k);
      expect(unsafe).toEqual([]);
      for (const flow of sandbox.idnowFlows) expect(isSafeId(flow.environment)).toBe(true);
    } finally {
      await sandbox.stop();
    }
  });
});
