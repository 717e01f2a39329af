// The roster as a SQL script for Cloudflare D1 (`wrangler d1 execute <db> --remote --file roster.sql`):
// the same statements saveRoster runs, with their values written in. The roster is imported and checked
// on a local SQLite file with the usual `roster import` / `roster check`, then carried to D1 whole.
import type { Roster } from '../domain/roster.ts';
import { rosterStatements } from './roster-repo.ts';
import type { Store } from './store.ts';

export function rosterSql(store: Store, roster: Roster): string {
  const lines = rosterStatements(store, roster).map((statement) => {
    const { sql, parameters } = statement.compile();
    let next = 0;
    // Kysely binds every value as "?" and writes no literals of its own in these statements.
    return `${sql.replace(/\?/g, () => literal(parameters[next++]))};`;
  });
  return `${lines.join('\n')}\n`;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  throw new Error(`no SQL literal for ${typeof value}`);
}
