// What every repository receives: the Kysely handle, and a way to run several writes atomically.
// SQLite and PostgreSQL run a batch in a transaction; D1 (which has no interactive transactions) in
// `batch()`. Where the SQL must differ between them, the repository asks `engine`.
import type { Compilable, Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The three databases the same migrations and repositories serve. */
export type Engine = 'sqlite' | 'd1' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /** Runs the statements all-or-nothing, in order; returns the rows each one changed. */
  batch(statements: readonly Compilable[]): Promise<number[]>;
  /** Bound parameters one statement may carry; absent means D1's 100, which every database allows. */
  maxBoundParameters?: number;
}

/** Rows per multi-row INSERT of `columns` columns within the store's bound-parameter limit. */
export function rowsPerStatement(store: Store, columns: number): number {
  return Math.max(1, Math.floor((store.maxBoundParameters ?? 100) / columns));
}

/** A unique-key violation on any of the three databases: a concurrent writer got there first. */
export function isUniqueViolation(error: unknown): boolean {
  const text =
    error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ''}` : String(error);
  return /UNIQUE constraint failed|SQLITE_CONSTRAINT_PRIMARYKEY|SQLITE_CONSTRAINT_UNIQUE|duplicate key value|23505/.test(
    text,
  );
}
