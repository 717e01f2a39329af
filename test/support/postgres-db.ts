// PostgreSQL databases for tests: one per test on the server TEST_POSTGRES_URL names (scripts/with-
// postgres.sh starts one), copied from a template and dropped after. Used by the store contract
// (backends.ts) and, when the suite runs with TEST_BACKEND=postgres, by every test's database
// (demo-store.ts).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Migration } from '../../src/store/migrate.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/store.ts';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? '';

let admin: pg.Pool | undefined;

/** Runs one statement on the test server's maintenance database. */
export async function adminQuery(text: string): Promise<void> {
  admin ??= new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  await admin.query(text);
}

export function postgresDatabaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

// Each test process migrates one template database once; a test's database is a copy of it (a copy
// takes tens of milliseconds, migrating a few hundred). The migrations themselves are so run on
// PostgreSQL by every process, and again by the tests that migrate an empty database.
// Likewise the demo stores: seeding one costs hundreds of inserts, copying a seeded template none.
const templates = new Map<string, Promise<string>>();

function template(
  suffix: string,
  migrations: readonly Migration[],
  seed?: (store: Store) => Promise<unknown>,
): Promise<string> {
  let made = templates.get(suffix);
  if (!made) {
    made = (async () => {
      const name = `bangfu_tpl${process.pid}${suffix}`;
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await adminQuery(`CREATE DATABASE ${name}`);
      const store = await openPostgres(postgresDatabaseUrl(name), migrations);
      try {
        await seed?.(store);
      } finally {
        await store.close();
      }
      return name;
    })();
    templates.set(suffix, made);
  }
  return made;
}

async function databaseFrom(template: string): Promise<{ url: string; cleanup(): Promise<void> }> {
  const name = `bangfu_t${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: postgresDatabaseUrl(name),
    cleanup: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A copy of the test database at `url` (no one connected to it), as a SQLite test copies its file. */
export function copyPostgresDatabase(url: string): Promise<{ url: string; cleanup(): Promise<void> }> {
  return databaseFrom(new URL(url).pathname.slice(1));
}

/** A fresh database: a copy of the migrated template when `migrations` are given (seeded by `seed`,
 *  the same for every call of the process, when given), else empty (no tables at all, as a new SQLite
 *  file). Returns its URL and its removal. */
export async function createPostgresDatabase(
  migrations?: readonly Migration[],
  seed?: (store: Store) => Promise<unknown>,
): Promise<{ url: string; cleanup(): Promise<void> }> {
  if (!migrations) return databaseFrom('template0');
  return databaseFrom(await template(seed ? '_seeded' : '', migrations, seed));
}
