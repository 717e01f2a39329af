// Every row of every table, to prove that a refused input changed nothing (and to name what an allowed
// one changed). Tables are read from the catalogue (sqlite_master, or PostgreSQL's information_schema),
// so tables added later are covered too. Each table is rendered and sorted inside the database (quote()
// of every column), which keeps a snapshot cheap enough to take before and after every fuzzed input.
import { sql } from 'kysely';
import type { Store } from '../../src/store/store.ts';

export type Snapshot = ReadonlyMap<string, string>;

async function tableNames(store: Store): Promise<string[]> {
  if (store.engine === 'postgres') {
    const result = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'd1_migrations'
      ORDER BY name`.execute(store.db);
    return result.rows.map((r) => r.name);
  }
  const result = await sql<{ name: string }>`
    SELECT name FROM sqlite_master
    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'd1_migrations'
    ORDER BY name`.execute(store.db);
  return result.rows.map((r) => r.name);
}

async function columnsOf(store: Store, table: string): Promise<string[]> {
  if (store.engine === 'postgres') {
    const result = await sql<{ name: string }>`
      SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table}
      ORDER BY ordinal_position`.execute(store.db);
    return result.rows.map((r) => r.name);
  }
  const result = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(store.db);
  return result.rows.map((r) => r.name);
}

// One statement per store and table list, built once: a scalar subquery per table.
const STATEMENTS = new WeakMap<Store, Map<string, { names: string[]; query: ReturnType<typeof sql.raw> }>>();

async function statementFor(store: Store, only?: readonly string[]) {
  const key = only ? only.join(',') : '*';
  const cached = STATEMENTS.get(store)?.get(key);
  if (cached) return cached;
  const names = only ? [...only] : await tableNames(store);
  const parts: string[] = [];
  for (const [i, name] of names.entries()) {
    const columns = await columnsOf(store, name);
    const quoted = (c: string) => `"${c.replace(/"/g, '""')}"`;
    const table = quoted(name);
    if (store.engine === 'postgres') {
      const row = columns.map((c) => `quote_nullable(${quoted(c)})`).join(` || '|' || `);
      parts.push(
        `(SELECT string_agg(r, chr(10) ORDER BY r COLLATE "C") FROM (SELECT ${row} AS r FROM ${table}) s) AS t${i}`,
      );
      continue;
    }
    const row = columns.map((c) => `quote(${quoted(c)})`).join(` || '|' || `);
    parts.push(
      `(SELECT group_concat(r, char(10)) FROM (SELECT ${row} AS r FROM ${table} ORDER BY r)) AS t${i}`,
    );
  }
  const statement = { names, query: sql.raw(`SELECT ${parts.join(', ')}`) };
  const forStore = STATEMENTS.get(store) ?? new Map();
  forStore.set(key, statement);
  STATEMENTS.set(store, forStore);
  return statement;
}

/** All tables (or the named ones), each as its rows rendered and sorted. */
export async function snapshot(store: Store, only?: readonly string[]): Promise<Snapshot> {
  const { names, query } = await statementFor(store, only);
  const result = await sql<Record<string, string | null>>`${query}`.execute(store.db);
  const row = result.rows[0] ?? {};
  return new Map(names.map((name, i) => [name, row[`t${i}`] ?? '']));
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

/** The rows of one table, as objects. */
export async function tableRows(store: Store, table: string): Promise<Record<string, unknown>[]> {
  const result = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(store.db);
  return result.rows;
}
