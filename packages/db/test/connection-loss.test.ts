import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isConnectionLoss } from '../src/index.js';
import { describeEachDatabase } from '../src/testing/index.js';

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });
const adminShutdown = coded('terminating connection due to administrator command', '57P01');

describe('isConnectionLoss', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['57P01 admin_shutdown (pg_terminate_backend, fast shutdown)', adminShutdown, true],
    [
      '57P02 crash_shutdown',
      coded('terminating connection because of crash of another server process', '57P02'),
      true,
    ],
    ['57P03 cannot_connect_now (starting up)', coded('the database system is starting up', '57P03'), true],
    ['08006 connection_failure', coded('connection failure', '08006'), true],
    ['08001 sqlclient_unable_to_establish_sqlconnection', coded('could not connect', '08001'), true],
    ['ECONNRESET', coded('read ECONNRESET', 'ECONNRESET'), true],
    ['ECONNREFUSED', coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), true],
    ['EPIPE', coded('write EPIPE', 'EPIPE'), true],
    ["pg's unexpected end", new Error('Connection terminated unexpectedly'), true],
    ["pg's dead client", new Error('Client has encountered a connection error and is not queryable'), true],
    [
      'AggregateError of refused addresses (localhost → ::1 and 127.0.0.1)',
      new AggregateError([coded('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
      true,
    ],
    ['a loss as the cause of another error', new Error('load failed', { cause: adminShutdown }), true],
    [
      'DatabaseUnavailableError itself',
      new DatabaseUnavailableError('postgres://h:5432/db', adminShutdown),
      true,
    ],
    ['23505 unique_violation', coded('duplicate key value violates unique constraint', '23505'), false],
    ['42P01 undefined_table', coded('relation "x" does not exist', '42P01'), false],
    [
      '57014 query_canceled (statement timeout)',
      coded('canceling statement due to statement timeout', '57014'),
      false,
    ],
    ['28P01 invalid_password', coded('password authentication failed for user "idv"', '28P01'), false],
    ['a connection we ended ourselves', new Error('Connection terminated'), false],
    ['a plain error', new Error('boom'), false],
    ['a string', 'ECONNRESET', false],
    ['null', null, false],
  ];
  it.each(cases.map(([name, err, want]) => ({ name, err, want })))('$name → $want', ({ err, want }) => {
    expect(isConnectionLoss(err)).toBe(want);
  });
});

describe('DatabaseUnavailableError', () => {
  it('names the database and the server reason, keeps the code and cause', () => {
    const err = new DatabaseUnavailableError('postgres://db.internal:5432/idv', adminShutdown);
    expect(err.message).toBe(
      'database connection lost (postgres://db.internal:5432/idv): terminating connection due to administrator command',
    );
    expect(err.code).toBe('57P01');
    expect(err.cause).toBe(adminShutdown);
  });

  it('reads the reason of an AggregateError whose own message is empty', () => {
    const refused = new AggregateError([coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')], '');
    expect(new DatabaseUnavailableError('postgres://127.0.0.1:5432/idv', refused).message).toBe(
      'database connection lost (postgres://127.0.0.1:5432/idv): connect ECONNREFUSED 127.0.0.1:5432',
    );
  });
});

describeEachDatabase('a connection the server terminates', (getDb) => {
  it('fails its transaction with DatabaseUnavailableError, without crashing the process', async (ctx) => {
    const handle = getDb();
    if (handle.kind !== 'postgres') ctx.skip('PGlite runs in process: it has no connection to lose');
    const { db } = handle;
    const failure = await db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
        // From another pooled connection, while this one is checked out and idle: node-postgres emits `error`
        // on the client itself, which crashed the process when nobody listened.
        // (The timeout variant waits until the backend is gone.)
        await sql`SELECT pg_terminate_backend(${rows[0]!.pid}, 10000)`.execute(db);
        await sql`SELECT 1`.execute(trx);
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(failure).toBeInstanceOf(DatabaseUnavailableError);
    expect((failure as Error).message).toBe(
      `database connection lost (${handle.description}): terminating connection due to administrator command`,
    );
    // The pool dropped the dead client: the database answers on a new connection.
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
    expect(rows[0]?.one).toBe(1);
  });
});
