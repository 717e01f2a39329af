// The store contract: repository tests run on every backend this machine has. SQLite always (a real
// file in a temporary folder); PostgreSQL when TEST_POSTGRES_URL names a server (scripts/with-postgres.sh
// starts one, and .ci/run runs the suite under it), each test in a database of its own, dropped after.
// Without it the PostgreSQL tests are reported skipped (test/support/postgres-setup.ts says so);
// CI never runs without it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import { seedIfEmpty } from '../../src/app/roster.ts';
import type { Migration } from '../../src/store/migrate.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { openSqlite } from '../../src/store/sqlite.ts';
import { CONTACTS_CSV, MIGRATIONS, ROSTER_CSV, tempDb } from './demo-store.ts';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? '';

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
  available: true,
  async create() {
    const db = tempDb();
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

let admin: pg.Pool | undefined;

/** Runs one statement on the test server's maintenance database. */
export async function adminQuery(text: string): Promise<void> {
  admin ??= new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  await admin.query(text);
}

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

// Each test process migrates one template database once; a test's database is a copy of it (a copy
// takes tens of milliseconds, migrating a few hundred). The migrations themselves are so run on
// PostgreSQL by every process, and again by the tests that migrate an empty database.
let template: Promise<string> | undefined;

function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `bangfu_tpl${process.pid}`;
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${name}`);
    const store = await openPostgres(databaseUrl(name), MIGRATIONS);
    await store.close();
    return name;
  })();
  return template;
}

export const POSTGRES: Backend = {
  name: 'PostgreSQL',
  available: POSTGRES_URL !== '',
  create: async () => postgresDb(await migratedTemplate()),
  createEmpty: () => postgresDb('template0'),
};

async function postgresDb(template: string): Promise<TestDb> {
  const name = `bangfu_t${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: databaseUrl(name),
    open: (migrations = MIGRATIONS) => openPostgres(databaseUrl(name), migrations),
    cleanup: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
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
