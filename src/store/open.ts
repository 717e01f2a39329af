// Opens the store DATABASE_URL names: PostgreSQL for `postgres://…`, else the SQLite file. D1 is
// opened by the Worker from its binding (d1.ts).
import { isPostgresUrl } from './database-url.ts';
import type { Migration } from './migrate.ts';
import { openPostgres, type PostgresOptions } from './postgres.ts';
import { openSqlite, type SqliteOptions } from './sqlite.ts';
import type { Store } from './store.ts';

/** A store this process opened: the migrations the open applied, and a way to close it. */
export interface OpenedStore extends Store {
  migrated: readonly string[];
  /** SQLite only: a consistent copy of the live database (PostgreSQL is backed up with pg_dump). */
  backup?(file: string): Promise<void>;
  close(): Promise<void>;
}

export async function openStore(
  databaseUrl: string,
  migrations: readonly Migration[],
  options: SqliteOptions & PostgresOptions = {},
): Promise<OpenedStore> {
  if (isPostgresUrl(databaseUrl)) return openPostgres(databaseUrl, migrations, options);
  return openSqlite(databaseUrl, migrations, options);
}
