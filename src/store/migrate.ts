// Applies the plain .sql files of migrations/ in name order, each once, recorded by name.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Migration {
  name: string;
  sql: string;
}

export interface MigrationTarget {
  ensureTable(): void;
  applied(): string[];
  /** Runs one migration's SQL and records it, atomically. */
  apply(migration: Migration): void;
}

export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/** Returns the names it applied. */
export function applyMigrations(target: MigrationTarget, migrations: readonly Migration[]): string[] {
  target.ensureTable();
  const done = new Set(target.applied());
  const pending = migrations.filter((m) => !done.has(m.name));
  for (const m of pending) target.apply(m);
  return pending.map((m) => m.name);
}
