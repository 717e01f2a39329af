// The embedded default: a SQLite file through better-sqlite3 (WAL, so readers never block the writer).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { applyMigrations, type Migration } from './migrate.ts';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';

export interface SqliteStore extends Store {
  /** The migrations this open applied (empty when the database was up to date). */
  migrated: readonly string[];
  close(): Promise<void>;
}

/** "file:./data/bangfu.db", "./data/bangfu.db" or ":memory:" → a path better-sqlite3 opens. */
export function sqlitePath(databaseUrl: string): string {
  const path = databaseUrl.replace(/^(sqlite|file):(\/\/)?/, '');
  if (path === '') throw new Error(`DATABASE_URL has no path: ${databaseUrl}`);
  return path;
}

export function openSqlite(databaseUrl: string, migrations: readonly Migration[]): SqliteStore {
  const path = sqlitePath(databaseUrl);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const migrated = applyMigrations(
    {
      applied: () =>
        sqlite
          .prepare('SELECT name FROM d1_migrations')
          .all()
          .map((r) => (r as { name: string }).name),
      ensureTable: () => sqlite.exec(MIGRATIONS_TABLE),
      apply: (m) =>
        sqlite.transaction(() => {
          sqlite.exec(m.sql);
          sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(m.name);
        })(),
    },
    migrations,
  );
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    // One synchronous better-sqlite3 transaction: nothing else in this process can interleave with it
    // (an async transaction held across awaits would block another connection's writer on the lock).
    async batch(statements) {
      const compiled = statements.map((s) => s.compile());
      sqlite.transaction(() => {
        for (const c of compiled) sqlite.prepare(c.sql).run(...(c.parameters as unknown[]));
      })();
    },
    migrated,
    close: () => db.destroy(),
  };
}

// The same bookkeeping table wrangler keeps on D1, so one set of files serves both.
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
)`;
