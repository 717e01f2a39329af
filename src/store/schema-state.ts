// Whether the database has every migration this code needs. Node applies migrations/ itself on
// start; a Worker cannot (wrangler does), so a deploy without `wrangler d1 migrations apply` must be
// told apart from a broken database: /health answers 503 "数据库未迁移" with the command to run.
import { sql } from 'kysely';
import type { Store } from './store.ts';

/** The newest file in migrations/ (test/store/schema-state.test.ts keeps the two in step). */
export const NEWEST_MIGRATION = '0014_receipts_and_escalations.sql';

export type SchemaState =
  | { migrated: true }
  /** `applied` is the newest migration the database has, or null when it has none. */
  | { migrated: false; applied: string | null };

/** Reads the migrations table both wrangler and the Node migrator keep (`d1_migrations`). Any other
 *  failure (the database unreachable) is thrown: that is not a missing migration. */
export async function schemaState(store: Store): Promise<SchemaState> {
  let applied: string | null;
  try {
    const { rows } = await sql<{ name: string }>`SELECT max(name) AS name FROM d1_migrations`.execute(
      store.db,
    );
    applied = rows[0]?.name ?? null;
  } catch (error) {
    if (!isMissingTable(error)) throw error;
    applied = null;
  }
  return applied !== null && applied >= NEWEST_MIGRATION ? { migrated: true } : { migrated: false, applied };
}

function isMissingTable(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  // SQLite and D1 say "no such table"; PostgreSQL says 'relation "…" does not exist' (42P01).
  return /no such table|does not exist|42P01/.test(text);
}
