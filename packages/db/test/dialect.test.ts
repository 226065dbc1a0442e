import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CHECK_RESULTS, CHECK_STATUSES, SESSION_OUTCOMES, SESSION_STATUSES } from '../src/index.js';
import { describeDatabaseUrl } from '../src/open/describe-url.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { parseInt8, parseNumeric } from '../src/type-parsers.js';

describeEachDatabase('driver behaviour', (getDb) => {
  it('parses values the same way on both engines', async () => {
    const { rows } = await sql<Record<string, unknown>>`
      SELECT count(*) AS count, 9007199254740993::int8 AS big, 12.5::numeric AS num,
             0.12345678901234567890::numeric AS precise, '2025-03-01'::date AS day,
             '2025-03-01T10:00:00Z'::timestamptz AS ts, interval '1 day 2 hours' AS span,
             '{"a": [1]}'::jsonb AS doc, ARRAY['x', 'y']::text[] AS list, 2.5::float8 AS f`.execute(
      getDb().db,
    );
    expect(rows[0]).toEqual({
      count: 1,
      big: '9007199254740993',
      num: 12.5,
      precise: '0.12345678901234567890',
      day: '2025-03-01',
      ts: new Date('2025-03-01T10:00:00Z'),
      span: '1 day 02:00:00',
      doc: { a: [1] },
      list: ['x', 'y'],
      f: 2.5,
    });
  });

  it('reports affected rows of writes', async () => {
    const { db } = getDb();
    await sql`CREATE TABLE public.t_affected (id int)`.execute(db);
    const inserted = await db
      .insertInto('public.t_affected' as never)
      .values([{ id: 1 }, { id: 2 }, { id: 3 }] as never)
      .executeTakeFirst();
    expect(inserted.numInsertedOrUpdatedRows).toBe(3n);
    const deleted = await sql`DELETE FROM public.t_affected WHERE id > 1`.execute(db);
    expect(deleted.numAffectedRows).toBe(2n);
  });

  it('runs concurrent transactions without interleaving them', async () => {
    const { db } = getDb();
    await sql`CREATE TABLE IF NOT EXISTS public.t_serial (who text, step int)`.execute(db);
    const work = (who: string) =>
      db.transaction().execute(async (trx) => {
        for (let step = 0; step < 5; step++) {
          await sql`INSERT INTO public.t_serial VALUES (${who}, ${step})`.execute(trx);
        }
        if (who === 'b') throw new Error('rollback b');
      });
    const results = await Promise.allSettled([work('a'), work('b'), work('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const { rows } = await sql<{ who: string }>`SELECT who FROM public.t_serial ORDER BY who, step`.execute(
      db,
    );
    expect(rows.map((r) => r.who).join('')).toBe('aaaaaccccc');
  });

  it('has CHECK constraints listing exactly the exported vocabularies', async () => {
    const { rows } = await sql<{ name: string; def: string }>`
      SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE contype = 'c' AND connamespace = 'idv'::regnamespace`.execute(getDb().db);
    const values = (name: string) =>
      [...(rows.find((r) => r.name === name)?.def ?? '').matchAll(/'(\w+)'/g)].map((m) => m[1]);
    expect(values('sessions_status_check')).toEqual([...SESSION_STATUSES]);
    expect(values('sessions_outcome_check')).toEqual([...SESSION_OUTCOMES]);
    expect(values('session_checks_status_check')).toEqual([...CHECK_STATUSES]);
    expect(values('session_checks_result_check')).toEqual([...CHECK_RESULTS]);
  });
});

describe('value parsing and descriptions', () => {
  it.each([
    ['0', 0],
    ['-42', -42],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', '9007199254740992'],
  ] as const)('parseInt8(%s) → %s', (given, want) => {
    expect(parseInt8(given)).toBe(want);
  });

  it.each([
    ['0.6667', 0.6667],
    ['-12.50', -12.5],
    ['123456789012345', 123456789012345],
    ['1234567890123456', '1234567890123456'],
    ['0.0000001', 0.0000001],
    ['NaN', 'NaN'],
  ] as const)('parseNumeric(%s) → %s', (given, want) => {
    expect(parseNumeric(given)).toBe(want);
  });

  it.each([
    ['postgres://user:s3cret@db.example:5432/idv?sslmode=require', 'postgres://db.example:5432/idv'],
    ['postgresql://localhost/idv?password=s3cret', 'postgresql://localhost/idv'],
    ['not a url with s3cret', 'postgres://(unparseable connection string)'],
  ])('describeDatabaseUrl(%s) hides credentials', (given, want) => {
    expect(describeDatabaseUrl(given)).toBe(want);
    expect(describeDatabaseUrl(given)).not.toContain('s3cret');
  });
});
