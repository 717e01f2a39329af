// Restoring a SQLite backup (`cli restore`): the file is checked first — a SQLite database, whole
// (integrity_check), of this bot, and no newer than this code — and only then copied over the
// database with SQLite's backup API (page by page through SQLite, so the target's WAL is handled),
// then brought up to date by the migrations it lacks.
import BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './migrate.ts';
import { openSqlite, sqlitePath } from './sqlite.ts';

export type BackupCheck =
  | { ok: true; schema: string | null }
  | { ok: false; problem: 'unreadable' | 'damaged' | 'not_ours' | 'newer'; detail: string };

/** Whether `file` is a backup this code can restore. */
export function checkBackup(file: string, migrations: readonly Migration[]): BackupCheck {
  let source: BetterSqlite3.Database;
  try {
    source = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ok: false, problem: 'unreadable', detail: String((error as Error).message ?? error) };
  }
  try {
    let integrity: string[];
    try {
      integrity = (source.pragma('integrity_check') as { integrity_check: string }[]).map(
        (r) => r.integrity_check,
      );
    } catch (error) {
      return { ok: false, problem: 'damaged', detail: String((error as Error).message ?? error) };
    }
    if (integrity.join() !== 'ok')
      return { ok: false, problem: 'damaged', detail: integrity.slice(0, 3).join('; ') };
    let applied: string[];
    try {
      applied = source
        .prepare('SELECT name FROM d1_migrations ORDER BY name')
        .all()
        .map((r) => (r as { name: string }).name);
    } catch {
      return { ok: false, problem: 'not_ours', detail: 'd1_migrations' };
    }
    const known = new Set(migrations.map((m) => m.name));
    const unknown = applied.filter((name) => !known.has(name));
    if (unknown.length > 0) return { ok: false, problem: 'newer', detail: unknown.join(', ') };
    return { ok: true, schema: applied.at(-1) ?? null };
  } finally {
    source.close();
  }
}

/** Copies a checked backup over the database at `databaseUrl`; returns the migrations it then applied. */
export async function restoreSqlite(
  file: string,
  databaseUrl: string,
  migrations: readonly Migration[],
): Promise<readonly string[]> {
  const source = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(sqlitePath(databaseUrl), { progress: () => 2 ** 31 - 1 });
  } finally {
    source.close();
  }
  const store = openSqlite(databaseUrl, migrations);
  await store.close();
  return store.migrated;
}
