/** Values of a breakdown entry that say the test did not pass (document analyses, identity fields, lists). */
const FAILING = new Set([
  'attention',
  'rejected',
  'match_confirmed',
  'fail',
  'failed',
  'no_match',
  'partial_match',
  'not_matched',
]);

/** Subtrees that hold what was read or matched (personal data), never a verdict. */
const SKIPPED = new Set(['extractedData', 'matches', 'personalDetails', 'holderDetails']);

/** At most this many keys are reported, so a pathological breakdown cannot make a huge reason. */
const MAX_KEYS = 8;

/**
 * The dotted paths of the failing entries of a check's `breakdown`, most specific first: for
 * `{ contentAnalysis: { outcome: 'attention', breakdown: { expiryDate: 'attention' } } }` it is
 * `contentAnalysis.expiryDate`; an analysis whose own `outcome` fails with no failing sub-test is reported
 * by its name. Keys only: the values (and the personal-data subtrees) are never read into the result.
 */
export function failingKeys(breakdown: unknown): string[] {
  const out: string[] = [];
  walk(breakdown, '', out);
  return out.slice(0, MAX_KEYS);
}

function walk(node: unknown, path: string, out: string[]): void {
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (SKIPPED.has(key)) continue;
    if (typeof value === 'string') {
      // An analysis's own `outcome` speaks for the analysis (its path), not for a key named "outcome".
      if (FAILING.has(value) && key !== 'outcome') out.push(join(path, key));
      continue;
    }
    if (!isObject(value)) continue;
    // `{ outcome, breakdown }`: the sub-tests say more than the analysis's outcome.
    const inner = isObject(value.breakdown) ? value.breakdown : value;
    const before = out.length;
    walk(inner, join(path, key), out);
    if (out.length === before && typeof value.outcome === 'string' && FAILING.has(value.outcome)) {
      out.push(join(path, key));
    }
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
