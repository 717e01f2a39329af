// The serving process checkpoints the WAL from a worker thread: its connection never checkpoints in a
// commit, the thread moves the WAL's pages into the database file within about a second, and closing
// the store ends the thread.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteStore } from '../../src/store/sqlite.ts';
import { MIGRATIONS, type SqliteFile, sqliteFile } from '../support/demo-store.ts';

let db: SqliteFile;
let file: string;
beforeEach(() => {
  db = sqliteFile();
  file = join(db.dir, 'bangfu.db');
});
afterEach(() => db.cleanup());

/** Writes ~8 MB of claims in 40 commits: past the 1000-page mark of the automatic checkpoint. */
async function writeMuch(store: SqliteStore): Promise<void> {
  for (let commit = 0; commit < 40; commit++) {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      key: `feishu:msg:${commit}:${i}:${'x'.repeat(900)}`,
      seen_at: '2023-03-31T08:00:00.000Z',
    }));
    await store.db.insertInto('processed_events').values(rows).execute();
  }
}

async function until(check: () => boolean, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 20; i++) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('background checkpoints', () => {
  it('leave commits free of checkpoints and move the WAL into the database within seconds', async () => {
    const problems: string[] = [];
    const store = openSqlite(db.url, MIGRATIONS, {
      backgroundCheckpoints: { everyMs: 300, onProblem: (message) => problems.push(message) },
    });
    // The serving connection never checkpoints inside a commit.
    const setting = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(store.db);
    expect(setting.rows).toEqual([{ wal_autocheckpoint: 0 }]);
    await new Promise((resolve) => setTimeout(resolve, 400)); // the first checkpoint takes the migrations in
    const before = statSync(file).size;
    await writeMuch(store);
    // With no commit after the writes, only the thread can move the pages into the database file.
    expect(await until(() => statSync(file).size > before + 4 * 1024 * 1024, 5)).toBe(true);
    const count = await store.db
      .selectFrom('processed_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(8000);
    await store.close();
    expect(problems).toEqual([]);
  });

  it('is off unless asked for: commits checkpoint as SQLite does by default', async () => {
    const store = openSqlite(db.url, MIGRATIONS);
    const setting = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(store.db);
    expect(setting.rows).toEqual([{ wal_autocheckpoint: 1000 }]);
    const before = statSync(file).size;
    await writeMuch(store);
    expect(statSync(file).size).toBeGreaterThan(before);
    await store.close();
  });
});
