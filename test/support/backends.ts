// The store contract: repository tests run on every backend this machine has. SQLite always (a real
// file in a temporary folder); PostgreSQL when TEST_POSTGRES_URL names a server (scripts/with-postgres.sh
// starts one, and .ci/run runs the suite under it), each test in a database of its own, dropped after.
// Without it the PostgreSQL tests are reported skipped (test/support/postgres-setup.ts says so);
// CI never runs without it.
import { afterEach, beforeEach, describe } from 'vitest';
import { seedIfEmpty } from '../../src/app/roster.ts';
import type { Migration } from '../../src/store/migrate.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { openSqlite } from '../../src/store/sqlite.ts';
import { CONTACTS_CSV, MIGRATIONS, ROSTER_CSV, sqliteFile, TEST_BACKEND } from './demo-store.ts';
import { createPostgresDatabase, POSTGRES_URL } from './postgres-db.ts';

export { adminQuery, POSTGRES_URL } from './postgres-db.ts';

/** A database of one test: its URL, a way to open more connections to it (another instance), and
 *  its removal. */
export interface TestDb {
  url: string;
  /** Opens it, applying `migrations` (all by default) where missing. */
  open(migrations?: readonly Migration[]): Promise<OpenedStore>;
  cleanup(): Promise<void>;
}

export interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  available: boolean;
  /** A fresh database, migrated. */
  create(): Promise<TestDb>;
  /** A fresh database with no tables at all. */
  createEmpty(): Promise<TestDb>;
}

export const SQLITE: Backend = {
  name: 'SQLite',
  // The suite's PostgreSQL pass (TEST_BACKEND=postgres) leaves SQLite to the first pass.
  available: TEST_BACKEND === 'sqlite',
  async create() {
    const db = sqliteFile();
    return {
      url: db.url,
      open: async (migrations = MIGRATIONS) => openSqlite(db.url, migrations),
      cleanup: async () => db.cleanup(),
    };
  },
  createEmpty() {
    return this.create();
  },
};

export const POSTGRES: Backend = {
  name: 'PostgreSQL',
  available: POSTGRES_URL !== '',
  create: () => postgresDb(MIGRATIONS),
  createEmpty: () => postgresDb(),
};

async function postgresDb(migrations?: readonly Migration[]): Promise<TestDb> {
  const { url, cleanup } = await createPostgresDatabase(migrations);
  return { url, open: (m = MIGRATIONS) => openPostgres(url, m), cleanup };
}

export const BACKENDS: readonly Backend[] = [SQLITE, POSTGRES];

/** Defines the tests `define` declares once per backend; those of a backend this machine lacks are
 *  reported skipped. */
export function eachBackend(define: (backend: Backend) => void): void {
  for (const backend of BACKENDS) describe.skipIf(!backend.available)(backend.name, () => define(backend));
}

/** A fresh store on `backend` for each test (seeded with the demo roster when `seed`), closed and
 *  removed after it. */
export function storeEachTestOn(
  backend: Backend,
  use: (store: OpenedStore, db: TestDb) => void,
  options: { seed?: boolean } = {},
): void {
  let opened: { store: OpenedStore; db: TestDb } | undefined;
  beforeEach(async () => {
    const db = await backend.create();
    const store = await db.open();
    if (options.seed !== false) await seedIfEmpty(store, ROSTER_CSV, CONTACTS_CSV);
    opened = { store, db };
    use(store, db);
  });
  afterEach(async () => {
    await opened?.store.close();
    await opened?.db.cleanup();
    opened = undefined;
  });
}
