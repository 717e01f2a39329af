// `column IN (…)` for a list of any length. D1 binds at most 100 parameters a statement and a national
// roster has 832 counties, so on SQLite and D1 the list goes as one JSON parameter that json_each
// unpacks (SQLite still uses the column's index); PostgreSQL takes it as one array parameter.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Store } from './store.ts';

export function inList(
  store: Store,
  column: string,
  values: readonly (string | number)[],
): Expression<SqlBool> {
  if (store.engine === 'postgres') return sql<SqlBool>`${sql.ref(column)} = ANY(${[...values]})`;
  return sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}
