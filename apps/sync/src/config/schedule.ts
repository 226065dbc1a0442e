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
 * Validates a connection's `schedule`, the cron line the worker runs its sync on: five fields of numbers, `*`,
 * ranges `a-b`, steps `/n` and lists `a,b`, each within its field's bounds. Returns it with single spaces.
 */
export function parseSchedule(value: string, where: string): string {
  const fields = value.trim().split(/\s+/);
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (fields.length !== FIELDS.length) {
    throw new ConfigError(`${where}: expected ${EXPECTED}, received ${fields.length} field(s): ${shown}`);
  }
  fields.forEach((field, i) => {
    const rule = FIELDS[i]!;
    if (!field.split(',').every((part) => validPart(part, rule.min, rule.max))) {
      throw new ConfigError(
        `${where}: expected ${EXPECTED}; its ${rule.name} field allows ${rule.min}-${rule.max}, received ${JSON.stringify(field)} in ${shown}`,
      );
    }
  });
  return fields.join(' ');
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
