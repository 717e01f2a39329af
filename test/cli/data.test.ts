// Keeping and moving the data through the CLI: a backup of a SQLite database taken while another
// connection writes to it restores to a database `status` reads the same; restore refuses what it
// cannot use and leaves the database alone; an archive exported from one installation and imported
// into another (SQLite or PostgreSQL) holds the same records, and is refused whole when it is not one.
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { submitSheet } from '../../src/app/submit.ts';
import { insertDocument } from '../../src/store/documents-repo.ts';
import { saveSchedule } from '../../src/store/holidays-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { BACKENDS, type TestDb } from '../support/backends.ts';
import { type Cli, cliFor, seedRoster } from '../support/cli.ts';
import { demoMobile, revisionCount, sqliteDb as sqliteTempDb, type TempDb } from '../support/demo-store.ts';

const NOW = new Date('2023-03-24T09:05:00+08:00');
const BUREAU = demoMobile('bureau', '省乡村振兴局');
const COUNTIES = ['郧阳区', '竹山县', '房县', '丹江口市', '郧西县'];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The SQLite side of backup and restore (SQLite's online backup; PostgreSQL is backed up with
 *  pg_dump), whatever the test backend. */
function sqliteDb(): TempDb {
  const db = sqliteTempDb();
  cleanups.push(() => db.cleanup());
  return db;
}

async function seeded(): Promise<{ db: TempDb; cli: Cli; store: OpenedStore }> {
  const db = sqliteDb();
  const cli = cliFor(db, NOW);
  await seedRoster(cli);
  const store = await db.open();
  cleanups.push(() => store.close());
  return { db, cli, store };
}

/** One more 三会 record (m1) of a county: a revision with a header and one row. */
function submit(store: OpenedStore, county: string, n: number) {
  return submitSheet(
    store,
    {
      as: BUREAU,
      ledger: 'm1',
      period: '2023',
      county,
      body: { reporter: `r${n}`, rows: [{ 召开日期: `2023-03-${String((n % 28) + 1).padStart(2, '0')}` }] },
    },
    'cli',
    NOW,
  );
}

const status = async (cli: Cli) => {
  const result = await cli('status', '--period', '2023', '--json');
  expect(result.code, result.err).toBe(0);
  return JSON.parse(result.out) as unknown;
};

describe('cli backup and restore (SQLite)', () => {
  it('backs up a database being written to, and the restore reads the same', async () => {
    const { db, cli, store } = await seeded();
    let writing = true;
    let written = 0;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        const result = await submit(store, COUNTIES[n % COUNTIES.length] ?? '郧阳区', n);
        if (result.kind === 'saved') written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const during = join(db.dir, 'during.db');
    const backup = await cli('backup', during);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toContain('已备份');
    writing = false;
    await writer;
    expect(written).toBeGreaterThan(5);

    // The copy taken mid-write is whole: every revision has its header and its row.
    const target = sqliteDb();
    const restoredCli = cliFor(target, NOW);
    const restored = await restoredCli('restore', during);
    expect(restored.code, restored.err).toBe(0);
    const copy = await target.open();
    const rows = await copy.db.selectFrom('revisions').select(['county_id', 'revision', 'row_key']).execute();
    await copy.close();
    const headers = rows.filter((r) => r.row_key === '');
    expect(headers.length).toBeGreaterThan(0);
    expect(rows.length).toBe(headers.length * 2);
    expect(await revisionCount(store)).toBeGreaterThanOrEqual(rows.length);

    // Once writing has stopped, a backup restores to a database `status` reads the same.
    const after = join(db.dir, 'after.db');
    expect((await cli('backup', after)).code).toBe(0);
    expect((await restoredCli('restore', after)).code).toBe(0);
    expect(await status(restoredCli)).toEqual(await status(cli));
  });

  it('refuses a file that is not a backup, a damaged one, or one from a newer version, changing nothing', async () => {
    const { db, cli, store } = await seeded();
    await submit(store, '郧阳区', 1);
    const before = await status(cli);

    const text = join(db.dir, 'notes.txt');
    writeFileSync(text, '这不是数据库');
    const notDb = await cli('restore', text);
    expect(notDb.code).toBe(1);
    expect(notDb.out).toContain('不能恢复');

    const damaged = join(db.dir, 'damaged.db');
    expect((await cli('backup', damaged)).code).toBe(0);
    const bytes = readFileSync(damaged);
    truncateSync(damaged, Math.floor(bytes.length / 2));
    const broken = await cli('restore', damaged);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/不能恢复：.*(已损坏|打不开)/);

    const newer = join(db.dir, 'newer.db');
    expect((await cli('backup', newer)).code).toBe(0);
    const future = sqliteDb();
    writeFileSync(join(future.dir, 'bangfu.db'), readFileSync(newer));
    const futureStore = await future.open();
    await futureStore.db
      .insertInto('d1_migrations' as never)
      .values({ name: '9999_from_the_future.sql' } as never)
      .execute();
    await futureStore.close();
    const fromFuture = await cli('restore', join(future.dir, 'bangfu.db'));
    expect(fromFuture.code).toBe(1);
    expect(fromFuture.out).toContain('9999_from_the_future.sql');

    expect(await status(cli)).toEqual(before);
  });
});

describe('cli archive export and import', () => {
  /** An installation with something in every kind of record. */
  async function busy() {
    const { db, cli, store } = await seeded();
    for (const [n, county] of COUNTIES.entries()) await submit(store, county, n);
    await submit(store, '郧阳区', 9);
    expect((await cli('reminders', 'run')).code).toBe(0);
    await insertDocument(store, {
      id: 'doc1',
      countyId: 'county:郧阳区',
      year: 2023,
      obligation: 'D1',
      kind: 'plan',
      fileName: '帮扶计划.pdf',
      mime: 'application/pdf',
      size: 1024,
      sha256: 'ab'.repeat(32),
      storageKey: 'docs/doc1',
      contactId: BUREAU,
      unitId: 'bureau',
      receivedAt: NOW.toISOString(),
    });
    await saveSchedule(
      store,
      { year: 2027, rest: ['2027-01-01'], work: [], sourceText: '通知', enteredBy: '张' },
      NOW,
    );
    return { db, cli };
  }

  const tablesOf = (file: string) =>
    (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { tables: Record<string, unknown[]> })
      .tables;

  for (const backend of BACKENDS) {
    it.skipIf(!backend.available)(
      `moves everything lasting to a new installation on ${backend.name}`,
      async () => {
        const { db, cli } = await busy();
        const file = join(db.dir, 'move.json.gz');
        const exported = await cli('archive', 'export', file);
        expect(exported.code, exported.err).toBe(0);
        const tables = tablesOf(file);
        for (const table of ['units', 'contacts', 'revisions', 'documents', 'holiday_schedules', 'reminders'])
          expect(tables[table]?.length, table).toBeGreaterThan(0);

        const target: TestDb = await backend.create();
        cleanups.push(() => target.cleanup());
        const targetCli = cliFor(target, NOW);
        const imported = await targetCli('archive', 'import', file);
        expect(imported.code, imported.out + imported.err).toBe(0);
        expect(imported.out).toContain('已从');
        expect(await status(targetCli)).toEqual(await status(cli));
        // Exported again from the new installation: the same records, row for row.
        const again = join(db.dir, 'again.json.gz');
        expect((await targetCli('archive', 'export', again)).code).toBe(0);
        expect(tablesOf(again)).toEqual(tables);
      },
    );
  }

  it('refuses what is not an archive, or an archive of another schema, changing nothing', async () => {
    const { db, cli } = await busy();
    const before = await status(cli);
    const garbage = join(db.dir, 'garbage.json.gz');
    writeFileSync(garbage, 'not gzip at all');
    const notArchive = await cli('archive', 'import', garbage);
    expect(notArchive.code).toBe(1);
    expect(notArchive.out).toContain('不是帮扶台账助手的档案文件');

    const file = join(db.dir, 'old.json.gz');
    expect((await cli('archive', 'export', file)).code).toBe(0);
    const archive = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Record<string, unknown>;
    writeFileSync(file, gzipSync(JSON.stringify({ ...archive, schema: '0009_message_inbox.sql' })));
    const other = await cli('archive', 'import', file);
    expect(other.code).toBe(1);
    expect(other.out).toContain('0009_message_inbox.sql');

    const bad = join(db.dir, 'bad.json.gz');
    const tables = archive.tables as Record<string, Record<string, unknown>[]>;
    const units = tables.units ?? [];
    writeFileSync(
      bad,
      gzipSync(
        JSON.stringify({ ...archive, tables: { ...tables, units: [...units, { ...units[0], no_such: 1 }] } }),
      ),
    );
    const refused = await cli('archive', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('数据库拒绝了');
    expect(await status(cli)).toEqual(before);
  });
});
