// The migrations/ files as PostgreSQL runs them. They are written for SQLite and D1 (which wrangler
// applies as they are); the few places PostgreSQL reads differently are rewritten here, by name, and
// each rewrite fails loudly if the text it expects has changed.
import type { Migration } from './migrate.ts';

interface Rewrite {
  from: string | RegExp;
  to: string;
}

const REWRITES: Record<string, readonly Rewrite[]> = {
  // SQLite numbers every row (rowid); the inbox and the prune of processed_events walk claims in that
  // arrival order (events-repo.ts, inbox-repo.ts). PostgreSQL gets a column of that name.
  '0002_events_and_binding.sql': [
    {
      from: 'CREATE INDEX processed_events_seen',
      to: `ALTER TABLE processed_events ADD COLUMN rowid BIGSERIAL;
CREATE UNIQUE INDEX processed_events_rowid ON processed_events (rowid);
CREATE INDEX processed_events_seen`,
    },
  ],
  // A comparison is not a number in PostgreSQL, and its JSON array aggregate has another name.
  '0011_reminder_messages.sql': [
    { from: /sum\((o\.state = '\w+')\)/g, to: 'sum(CASE WHEN $1 THEN 1 ELSE 0 END)' },
    { from: 'json_group_array(s.reminder_key)', to: 'json_agg(s.reminder_key)::text' },
  ],
};

/** The migration as PostgreSQL runs it. Text compares by bytes, as in SQLite, whatever collation the
 *  database was created with (keys, ISO times and Chinese names sort the same on every engine), and an
 *  INTEGER holds 64 bits, as in SQLite (postgres.ts reads them back as numbers). */
export function postgresMigration(migration: Migration): Migration {
  let sql = migration.sql
    .split('\n')
    .map((line) => {
      const comment = line.indexOf('--');
      const code = comment === -1 ? line : line.slice(0, comment);
      const pg = code.replace(/\bTEXT\b/g, 'TEXT COLLATE "C"').replace(/\bINTEGER\b/g, 'BIGINT');
      return pg + (comment === -1 ? '' : line.slice(comment));
    })
    .join('\n');
  for (const rewrite of REWRITES[migration.name] ?? []) {
    const before = sql;
    sql =
      typeof rewrite.from === 'string'
        ? sql.replace(rewrite.from, rewrite.to)
        : sql.replace(rewrite.from, rewrite.to);
    if (sql === before)
      throw new Error(`${migration.name}: the PostgreSQL rewrite of ${String(rewrite.from)} found nothing`);
  }
  return { name: migration.name, sql };
}

/** The bookkeeping table the SQLite migrator and wrangler keep, as PostgreSQL writes it. */
export const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations (
  id SERIAL PRIMARY KEY,
  name TEXT COLLATE "C" UNIQUE,
  applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
)`;
