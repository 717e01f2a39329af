// The embedded default: a SQLite file through better-sqlite3 (WAL, so readers never block the writer).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { type Checkpointer, startCheckpointer } from './checkpointer.ts';
import { applyMigrations, type Migration } from './migrate.ts';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';

export interface SqliteStore extends Store {
  /** The migrations this open applied (empty when the database was up to date). */
  migrated: readonly string[];
  /** A consistent copy of the database in `file`, taken while it is in use (SQLite's online backup). */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}

/** "file:./data/bangfu.db", "./data/bangfu.db" or ":memory:" → a path better-sqlite3 opens. */
export function sqlitePath(databaseUrl: string): string {
  const path = databaseUrl.replace(/^(sqlite|file):(\/\/)?/, '');
  if (path === '') throw new Error(`DATABASE_URL has no path: ${databaseUrl}`);
  return path;
}

export interface SqliteOptions {
  /** Checkpoint the WAL from a worker thread instead of inside commits (the serving process; see
   *  checkpointer.ts). `onProblem` hears of a failed checkpoint or the thread's end. */
  backgroundCheckpoints?: { everyMs?: number; onProblem(message: string): void };
}

export function openSqlite(
  databaseUrl: string,
  migrations: readonly Migration[],
  options: SqliteOptions = {},
): SqliteStore {
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
  const checkpointer = backgroundCheckpoints(sqlite, path, options);
  const prepare = preparedStatements(sqlite);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: { prepare, close: () => sqlite.close() } }),
  });
  return {
    db,
    engine: 'sqlite',
    // One synchronous better-sqlite3 transaction: nothing else in this process can interleave with it
    // (an async transaction held across awaits would block another connection's writer on the lock).
    async batch(statements) {
      const compiled = statements.map((s) => s.compile());
      return sqlite.transaction(() =>
        compiled.map((c) => prepare(c.sql).run(c.parameters as unknown[]).changes),
      )();
    },
    // SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32; D1 allows only 100.
    maxBoundParameters: 32_766,
    migrated,
    async backup(file) {
      // All pages in one step: the copy is of one moment even while other processes write (a step
      // reads under one read transaction; in WAL mode that holds no writer up).
      await sqlite.backup(file, { progress: () => ALL_PAGES });
    },
    async close() {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

function backgroundCheckpoints(
  sqlite: BetterSqlite3.Database,
  path: string,
  options: SqliteOptions,
): Checkpointer | undefined {
  const wanted = options.backgroundCheckpoints;
  if (!wanted || path === ':memory:') return undefined;
  sqlite.pragma('wal_autocheckpoint = 0');
  return startCheckpointer({
    path,
    ...(wanted.everyMs ? { everyMs: wanted.everyMs } : {}),
    onError: wanted.onProblem,
    onExit(error) {
      sqlite.pragma('wal_autocheckpoint = 1000');
      wanted.onProblem(`the checkpoint thread ended (${String(error ?? 'exit')}); commits checkpoint again`);
    },
  });
}

const ALL_PAGES = 2 ** 31 - 1;

const STATEMENT_CACHE_SIZE = 256;

/**
 * `prepare` that reuses compiled statements: the app runs the same few hundred SQL texts over and
 * over (a webhook's de-duplication insert, status reads), and compiling one costs more than running
 * it. Bounded, oldest dropped first; a statement still iterating (busy) is never handed out twice.
 */
function preparedStatements(sqlite: BetterSqlite3.Database): (sql: string) => BetterSqlite3.Statement {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return (sql) => {
    const cached = cache.get(sql);
    if (cached && !cached.busy) return cached;
    const statement = sqlite.prepare(sql);
    if (cached) return statement;
    if (cache.size >= STATEMENT_CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(sql, statement);
    return statement;
  };
}

// The same bookkeeping table wrangler keeps on D1, so one set of files serves both.
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
)`;
