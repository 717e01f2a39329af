// A real SQLite file in a temporary folder, migrated and seeded with the shipped demo roster.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import { seedIfEmpty } from '../../src/app/roster.ts';
import { readMigrations } from '../../src/store/migrate.ts';
import { openSqlite, type SqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';

export const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export const MIGRATIONS = readMigrations(root('migrations'));
export const ROSTER_CSV = readFileSync(root('data/roster.csv'), 'utf8');
export const CONTACTS_CSV = readFileSync(root('data/demo-contacts.csv'), 'utf8');

export interface TempDb {
  dir: string;
  url: string;
  open(): SqliteStore;
  cleanup(): void;
}

export function tempDb(): TempDb {
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
  use: (store: SqliteStore, db: TempDb) => void,
  open: () => Promise<{ store: SqliteStore; db: TempDb }> = demoStore,
): void {
  let opened: { store: SqliteStore; db: TempDb } | undefined;
  beforeEach(async () => {
    opened = await open();
    use(opened.store, opened.db);
  });
  afterEach(async () => {
    await opened?.store.close();
    opened?.db.cleanup();
  });
}

/** Opens a fresh, migrated store with nothing in it; close it and call cleanup when done. */
export async function emptyStore(): Promise<{ store: SqliteStore; db: TempDb }> {
  const db = tempDb();
  return { store: db.open(), db };
}

/** Opens a fresh, seeded store; close it and call cleanup when done. */
export async function demoStore(): Promise<{ store: SqliteStore; db: TempDb }> {
  const db = tempDb();
  const store = db.open();
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
