// Thousands of rows into one table as few statements as the database allows, each row left alone
// when its key is already there (ON CONFLICT DO NOTHING). The statements go to `store.batch`, so
// they commit together and each says how many rows it added.

import { type Compilable, CompiledQuery } from 'kysely';
import type { Database } from './schema.ts';
import { rowsPerStatement, type Store } from './store.ts';

export type Value = string | number | null;

export interface BulkInsert<T extends keyof Database> {
  table: T;
  /** The columns of every row's values, in order. */
  columns: readonly (keyof Database[T] & string)[];
  /** The key whose rows already there are kept. */
  conflict: readonly (keyof Database[T] & string)[];
}

// Where a statement may bind thousands of values (SQLite), rows go as multi-row VALUES, the fastest.
// Where it may bind 100 (D1, which also counts every statement against its 1,000 queries an
// invocation), rows go as one JSON parameter per thousand that json_each unpacks: a national morning
// is a few dozen statements rather than thousands (on SQLite this form is ~30% slower, so D1's only).
const MIN_ROWS_AS_VALUES = 100;
const ROWS_PER_JSON = 1000;

export function insertStatements<T extends keyof Database>(
  store: Store,
  insert: BulkInsert<T>,
  rows: readonly (readonly Value[])[],
): Compilable[] {
  const perStatement = rowsPerStatement(store, insert.columns.length);
  const asValues = perStatement >= MIN_ROWS_AS_VALUES;
  const size = asValues ? perStatement : ROWS_PER_JSON;
  const statements: Compilable[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const compiled = asValues
      ? CompiledQuery.raw(valuesSql(store, insert, chunk.length), chunk.flat())
      : CompiledQuery.raw(jsonSql(insert), [JSON.stringify(chunk)]);
    statements.push({ compile: () => compiled });
  }
  return statements;
}

// `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
function jsonSql<T extends keyof Database>({ table, columns, conflict }: BulkInsert<T>): string {
  return `INSERT INTO ${table} (${columns.join(', ')})
SELECT ${columns.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ')}
FROM json_each(?) WHERE true
ON CONFLICT (${conflict.join(', ')}) DO NOTHING`;
}

// The INSERT text for n rows, compiled by Kysely for this store's dialect once per store, columns and
// size: building tens of thousands of rows through the query builder costs more than writing them.
const VALUES_SQL = new WeakMap<Store, Map<string, string>>();

function valuesSql<T extends keyof Database>(store: Store, insert: BulkInsert<T>, rows: number): string {
  const texts = VALUES_SQL.get(store) ?? new Map<string, string>();
  VALUES_SQL.set(store, texts);
  const key = `${insert.table}(${insert.columns.join(',')}):${rows}`;
  let text = texts.get(key);
  if (text === undefined) {
    // Keys in column order, so Kysely lists the columns (and so the parameters) in that order.
    const placeholder = Object.fromEntries(insert.columns.map((c) => [c, null]));
    const compiled = store.db
      .insertInto(insert.table)
      .values(Array.from({ length: rows }, () => placeholder) as never)
      .onConflict((oc) => oc.columns(insert.conflict as never).doNothing())
      .compile();
    // Every value must be a bound parameter, in column order, for the reuse above to be right.
    if (compiled.parameters.length !== rows * insert.columns.length)
      throw new Error(`${insert.table} insert: unexpected parameter count`);
    text = compiled.sql;
    texts.set(key, text);
  }
  return text;
}
