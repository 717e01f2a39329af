// The store on Cloudflare D1 (Workers), through our D1 dialect (d1-dialect.ts). D1 has no interactive transactions, so
// `batch` sends Kysely-compiled statements as one `DB.batch()` of prepared, bound statements, which
// D1 runs all-or-nothing. Typed structurally against the few D1 methods used, so this file needs no
// Workers types and typechecks with the Node sources.
import { Kysely } from 'kysely';
import { D1Dialect, type D1QueryTarget } from './d1-dialect.ts';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';

/** The part of a D1PreparedStatement this store uses. */
export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
}

/** The part of a D1Database binding this store uses (the dialect uses `all()` besides). */
export interface D1DatabaseLike {
  prepare(sql: string): D1StatementLike;
  batch(statements: D1StatementLike[]): Promise<unknown[]>;
}

export function openD1(database: D1DatabaseLike): Store {
  // The binding is a full D1Database; each file types only the subset it uses.
  const db = new Kysely<Database>({ dialect: new D1Dialect(database as unknown as D1QueryTarget) });
  return {
    db,
    engine: 'd1',
    async batch(statements) {
      // D1 refuses an empty batch; nothing to write is trivially all-or-nothing.
      if (statements.length === 0) return [];
      const results = await database.batch(
        statements.map((statement) => {
          const { sql, parameters } = statement.compile();
          return database.prepare(sql).bind(...parameters);
        }),
      );
      // Each result is a D1Result, whose meta counts the rows the statement changed.
      return results.map((r) => (r as { meta?: { changes?: number } }).meta?.changes ?? 0);
    },
  };
}
