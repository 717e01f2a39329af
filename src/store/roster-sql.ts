// The roster as a SQL script for Cloudflare D1 (`wrangler d1 execute <db> --remote --file roster.sql`):
// the same statements saveRoster runs, with their values written in. The roster is imported and checked
// on a local SQLite file with the usual `roster import` / `roster check`, then carried to D1 whole.
import type { Roster } from '../domain/roster.ts';
import { rosterStatements } from './roster-repo.ts';
import { sqlScript } from './sql-script.ts';
import type { Store } from './store.ts';

export function rosterSql(store: Store, roster: Roster): string {
  return sqlScript(rosterStatements(store, roster));
}
