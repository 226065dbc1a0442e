import { ConfigError } from './config-error.js';

/** minute, hour, day of month, month, day of week (0 and 7 are Sunday). */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

const EXPECTED =
  'a cron schedule of 5 fields "minute hour day-of-month month day-of-week" (numbers, *, a-b, */n, lists; such as "*/15 * * * *")';

/**
 * What is wrong with a connection's `schedule`, the cron line the worker runs its sync on ("expected …, received
 * …"), or undefined when it is five fields of numbers, `*`, ranges `a-b`, steps `/n` and lists `a,b`, each
 * within its field's bounds.
 */
export function scheduleProblem(value: string): string | undefined {
  const fields = value.trim().split(/\s+/);
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (fields.length !== FIELDS.length) {
    return `expected ${EXPECTED}, received ${fields.length} field(s): ${shown}`;
  }
  for (const [i, field] of fields.entries()) {
    const rule = FIELDS[i]!;
    if (!field.split(',').every((part) => validPart(part, rule.min, rule.max))) {
      return `expected ${EXPECTED}; its ${rule.name} field allows ${rule.min}-${rule.max}, received ${JSON.stringify(field)} in ${shown}`;
    }
  }
  return undefined;
}

/** A valid schedule with single spaces; a {@link ConfigError} naming `where` otherwise. */
export function parseSchedule(value: string, where: string): string {
  const problem = scheduleProblem(value);
  if (problem) throw new ConfigError(`${where}: ${problem}`);
  return value.trim().split(/\s+/).join(' ');
}

function validPart(part: string, min: number, max: number): boolean {
  const m = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(part);
  if (!m) return false;
  const [, , from, to, step] = m;
  if (step !== undefined && Number(step) < 1) return false;
  if (from === undefined) return step === undefined || Number(step) <= max;
  const a = Number(from);
  const b = to === undefined ? a : Number(to);
  return a >= min && b <= max && a <= b;
}
