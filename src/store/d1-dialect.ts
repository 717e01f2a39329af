// A Kysely dialect for Cloudflare D1: SQLite's adapter, compiler and introspector over a D1 binding.
// Ours rather than kysely-d1 0.4.0, which still answers with the result shape kysely retired in 0.23
// (every start logged "outdated driver/plugin detected") and reports an UPDATE that changed no row as
// "unknown" instead of 0. D1 has no interactive transactions, so none are offered: writes that must
// land together go through `Store.batch` (d1.ts).
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

/** What D1's `all()` answers (D1Result): the rows and what the statement changed. */
export interface D1AllResult {
  results?: unknown[];
  meta?: { changes?: number; last_row_id?: number | null };
}

/** The part of a D1Database binding a query needs. */
export interface D1QueryTarget {
  prepare(sql: string): { bind(...values: unknown[]): { all(): Promise<D1AllResult> } };
}

export class D1Dialect implements Dialect {
  constructor(private readonly database: D1QueryTarget) {}
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new D1Driver(this.database);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

const NO_TRANSACTIONS =
  'D1 has no interactive transactions: write together through Store.batch (src/store/d1.ts)';

class D1Driver implements Driver {
  private readonly connection: D1Connection;
  constructor(database: D1QueryTarget) {
    this.connection = new D1Connection(database);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async commitTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

class D1Connection implements DatabaseConnection {
  constructor(private readonly database: D1QueryTarget) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.database
      .prepare(query.sql)
      .bind(...query.parameters)
      .all();
    const changes = result.meta?.changes ?? 0;
    const lastRowId = result.meta?.last_row_id;
    return {
      rows: (result.results ?? []) as R[],
      numAffectedRows: BigInt(changes),
      ...(lastRowId === undefined || lastRowId === null ? {} : { insertId: BigInt(lastRowId) }),
    };
  }

  // biome-ignore lint/correctness/useYield: D1 cannot stream; Kysely calls this only for .stream()
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('D1 answers whole results: .stream() is not available on D1');
  }
}
