// PostgreSQL through `pg` (pooled), for an installation of several instances on one database, or on a
// database service the bureau already runs and backs up. The same migrations and repositories as
// SQLite and D1: migrations are rewritten where PostgreSQL reads them differently
// (postgres-migrations.ts), and the repositories ask `store.engine` where their SQL must differ.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { databaseHost } from './database-url.ts';
import type { Migration } from './migrate.ts';
import { POSTGRES_MIGRATIONS_TABLE, postgresMigration } from './postgres-migrations.ts';
import { nulFree } from './postgres-text.ts';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';

export interface PostgresStore extends Store {
  /** The migrations this open applied (empty when the database was up to date, or another instance
   *  starting at the same time applied them). */
  migrated: readonly string[];
  close(): Promise<void>;
}

export interface PostgresOptions {
  /** Connections this process keeps at most (default 10). */
  poolSize?: number;
  /** Hears of a pooled connection that failed while idle (the server restarted): it is replaced. */
  onProblem?(message: string): void;
}

/** The database could not be reached (or refused the login). The message names the server, never
 *  the password. */
export class DatabaseUnreachable extends Error {
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`PostgreSQL ${host}: ${reason}`);
    this.name = 'DatabaseUnreachable';
  }
}

// INTEGER columns are int8 here (postgres-migrations.ts), and counts and sums come back as int8 and
// numeric, which `pg` hands over as strings (they may exceed 2^53). Sizes, revisions and counts are far
// below that: numbers, as SQLite gives them.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Sends every string parameter of `client`'s queries as PostgreSQL can store it (postgres-text.ts). */
function withoutNul(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text, values, ...rest) =>
    Array.isArray(values) ? query(text, values.map(nulFree), ...rest) : query(text, values, ...rest);
}

// One key for "migrating this database" among all its clients (advisory locks are per database).
const MIGRATION_LOCK = 0x6261_6e67_6675;

export async function openPostgres(
  databaseUrl: string,
  migrations: readonly Migration[],
  options: PostgresOptions = {},
): Promise<PostgresStore> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    types,
  });
  pool.on('connect', withoutNul);
  // Without a listener an idle connection's error (the server restarted) would end the process.
  pool.on('error', (error) => options.onProblem?.(`idle connection lost: ${error.message}`));
  let migrated: string[];
  try {
    migrated = await migrate(pool, migrations);
  } catch (error) {
    await pool.end().catch(() => {});
    throw unreachable(databaseUrl, error) ?? error;
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    async batch(statements) {
      const compiled = statements.map((s) => s.compile());
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const changed: number[] = [];
        for (const c of compiled) {
          const result = await client.query(c.sql, c.parameters as unknown[]);
          changed.push(result.rowCount ?? 0);
        }
        await client.query('COMMIT');
        return changed;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => {
          broken = rollback;
        });
        throw error;
      } finally {
        // A connection that could not even roll back is dropped rather than handed out again.
        client.release(broken);
      }
    },
    // The protocol counts a statement's parameters in 16 bits.
    maxBoundParameters: 65_535,
    migrated,
    async close() {
      await db.destroy();
      // Kysely ends the pool only if it ever ran a query through it.
      if (!pool.ended) await pool.end();
    },
  };
}

/** Applies what the database lacks, once however many instances start together: each waits for the
 *  advisory lock, then reads what is applied. Each migration commits with its record. */
async function migrate(pool: pg.Pool, migrations: readonly Migration[]): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(POSTGRES_MIGRATIONS_TABLE);
      const { rows } = await client.query<{ name: string }>('SELECT name FROM d1_migrations');
      const done = new Set(rows.map((r) => r.name));
      const pending = migrations.filter((m) => !done.has(m.name));
      for (const m of pending) {
        await client.query('BEGIN');
        try {
          await client.query(postgresMigration(m).sql);
          await client.query('INSERT INTO d1_migrations (name) VALUES ($1)', [m.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.name} failed on PostgreSQL: ${(error as Error).message}`);
        }
      }
      return pending.map((m) => m.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

// Errors that mean "could not get in" rather than "the SQL failed": no route, refused, timed out, DNS,
// bad login, no such database, the server starting or shutting down.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '28P01',
  '28000',
  '3D000',
  '57P03',
  '57P01',
]);

function unreachable(databaseUrl: string, error: unknown): DatabaseUnreachable | undefined {
  const e = error as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e.code ?? e.errors?.[0]?.code;
  const timedOut = /timeout/i.test(e.message ?? '');
  if (!timedOut && (code === undefined || !UNREACHABLE_CODES.has(code))) return undefined;
  const reason = timedOut ? 'connection timed out' : `${code}${e.message ? ` ${e.message}` : ''}`;
  return new DatabaseUnreachable(databaseHost(databaseUrl), reason);
}
