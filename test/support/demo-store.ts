// Each test's database: a real SQLite file in a temporary folder, or (TEST_BACKEND=postgres) a database
// of its own on a real PostgreSQL server; migrated and seeded with the shipped demo roster.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import { seedIfEmpty } from '../../src/app/roster.ts';
import { readMigrations } from '../../src/store/migrate.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { openSqlite, type SqliteStore, sqlitePath } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { copyPostgresDatabase, createPostgresDatabase } from './postgres-db.ts';

export const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export const MIGRATIONS = readMigrations(root('migrations'));
export const ROSTER_CSV = readFileSync(root('data/roster.csv'), 'utf8');
export const CONTACTS_CSV = readFileSync(root('data/demo-contacts.csv'), 'utf8');

/** The backend every test's database is on: SQLite files (`npm test`), or PostgreSQL databases on the
 *  server TEST_POSTGRES_URL names when TEST_BACKEND=postgres (`npm run test:postgres`, the suite's
 *  second pass in CI). */
export const TEST_BACKEND: 'sqlite' | 'postgres' =
  process.env.TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

/** A test's database: `url` for DATABASE_URL, `dir` a temporary folder for the test's other files. */
export interface TempDb {
  dir: string;
  url: string;
  /** Opens it, applying the migrations it lacks. */
  open(): Promise<OpenedStore>;
  cleanup(): Promise<void>;
}

/** A fresh database on the test backend with no tables yet, as a new SQLite file is (`migrated`,
 *  `seeded`: on PostgreSQL a copy of the migrated or demo-seeded template, for tests that open it at
 *  once; a SQLite file is migrated when opened, and seeded by demoStore). */
export async function tempDb(options: { migrated?: boolean; seeded?: boolean } = {}): Promise<TempDb> {
  if (TEST_BACKEND === 'sqlite') return sqliteDb();
  const file = sqliteFile();
  const { url, cleanup } = await createPostgresDatabase(
    options.migrated || options.seeded ? MIGRATIONS : undefined,
    options.seeded ? (store) => seedIfEmpty(store, ROSTER_CSV, CONTACTS_CSV) : undefined,
  );
  return {
    dir: file.dir,
    url,
    open: () => openPostgres(url, MIGRATIONS),
    cleanup: async () => {
      await cleanup();
      file.cleanup();
    },
  };
}

/** A copy of the test database at `url` (closed), as `name`: its file copied into `dir`, or a
 *  PostgreSQL database made from it. */
export async function copyDb(
  url: string,
  dir: string,
  name: string,
): Promise<{ url: string; cleanup(): Promise<void> }> {
  if (TEST_BACKEND === 'postgres') return copyPostgresDatabase(url);
  const file = join(dir, `${name}.db`);
  copyFileSync(sqlitePath(url), file);
  return { url: `file:${file}`, cleanup: async () => rmSync(file, { force: true }) };
}

/** A SQLite database whatever the test backend, as a TempDb: for SQLite's own backup and restore. */
export function sqliteDb(): TempDb {
  const file = sqliteFile();
  return { ...file, open: async () => file.open(), cleanup: async () => file.cleanup() };
}

export interface SqliteFile {
  dir: string;
  url: string;
  open(): SqliteStore;
  cleanup(): void;
}

/** A SQLite file in a temporary folder, whatever the test backend: for what only SQLite has (its
 *  online backup, the WAL checkpointer) and the SQLite side of the store contract. */
export function sqliteFile(): SqliteFile {
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-test-'));
  const url = `file:${join(dir, 'bangfu.db')}`;
  return {
    dir,
    url,
    open: () => openSqlite(url, MIGRATIONS),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh store for each test of the calling file (seeded with the demo roster unless `open` says
 *  otherwise), closed and removed after it. */
export function storeEachTest(
  use: (store: OpenedStore, db: TempDb) => void,
  open: () => Promise<{ store: OpenedStore; db: TempDb }> = demoStore,
): void {
  let opened: { store: OpenedStore; db: TempDb } | undefined;
  beforeEach(async () => {
    opened = await open();
    use(opened.store, opened.db);
  });
  afterEach(async () => {
    await opened?.store.close();
    await opened?.db.cleanup();
  });
}

/** Opens a fresh, migrated store with nothing in it; close it and call cleanup when done. */
export async function emptyStore(): Promise<{ store: OpenedStore; db: TempDb }> {
  const db = await tempDb({ migrated: true });
  return { store: await db.open(), db };
}

/** Opens a fresh, seeded store; close it and call cleanup when done. */
export async function demoStore(): Promise<{ store: OpenedStore; db: TempDb }> {
  const db = await tempDb({ seeded: true });
  const store = await db.open();
  // SQLite: seeded here; PostgreSQL: a copy of the seeded template, where this finds it seeded.
  await seedIfEmpty(store, ROSTER_CSV, CONTACTS_CSV);
  return { store, db };
}

/** The demo contact (its mobile) of a unit, by kind and name. */
export function demoMobile(kind: string, name: string): string {
  const line = CONTACTS_CSV.split('\n').find((l) => l.startsWith(`${kind},${name},`));
  const mobile = line?.split(',')[3];
  if (!mobile) throw new Error(`no demo contact for ${kind} ${name}`);
  return mobile;
}

/** Every row of the revisions table, to prove a refused input changed nothing. */
export async function revisionCount(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('revisions')
    .select(store.db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
