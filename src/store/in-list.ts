// `column IN (…)` for a list of any length. D1 binds at most 100 parameters a statement and a national
// roster has 832 counties, so the list goes as one JSON parameter that SQLite's json_each unpacks
// (the same on better-sqlite3 and D1, and SQLite still uses the column's index).
import { type Expression, type SqlBool, sql } from 'kysely';

export function inList(column: string, values: readonly (string | number)[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}
