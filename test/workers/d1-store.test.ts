// The Store on a real local D1 (no interactive transactions): `batch` is all-or-nothing, and a
// revision with more rows than one statement may bind (D1: 100 parameters) is still written whole
// or, when its number was taken, not at all.
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { openD1 } from '../../src/store/d1.ts';
import { listDocuments } from '../../src/store/documents-repo.ts';
import { deliveries, enqueue, type NewMessage, type NewReminder } from '../../src/store/outbox-repo.ts';
import { sheetEventsFor } from '../../src/store/review-repo.ts';
import {
  appendRevision,
  currentSheets,
  type NewRevision,
  recentRevisions,
} from '../../src/store/revisions-repo.ts';
import { isUniqueViolation } from '../../src/store/store.ts';
import { resetD1 } from '../cases/harness/workerd-app.ts';

const store = openD1(env.DB);

const count = async () =>
  Number(
    (
      await store.db
        .selectFrom('revisions')
        .select(store.db.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

function sheet(rows: number, reporter: string): NewRevision {
  return {
    form: 'a4',
    period: '2023',
    countyId: 'county:竹山县',
    contactId: 'c1',
    unitId: 'county:竹山县',
    source: 'card',
    submittedAt: '2023-03-27T02:00:00.000Z',
    header: { reporter, findings: [] },
    rows: Array.from({ length: rows }, (_, i) => ({ key: `row-${i}`, values: { n: String(i) } })),
  };
}

beforeEach(async () => {
  await resetD1(store);
});

describe('the D1 store', () => {
  it('writes a 40-row revision whole, and refuses a second writer of the same number entirely', async () => {
    await appendRevision(store, sheet(40, 'first'), 1);
    expect(await count()).toBe(41);
    const racing = await appendRevision(store, sheet(40, 'second'), 1).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isUniqueViolation(racing)).toBe(true);
    expect(await count()).toBe(41);
    const header = await store.db
      .selectFrom('revisions')
      .select('payload')
      .where('row_key', '=', '')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(header.payload).reporter).toBe('first');
  });

  it('reads by a national list of counties (832 ids, past the 100 parameters D1 binds)', async () => {
    await appendRevision(store, sheet(2, 'first'), 1);
    const ids = [...Array.from({ length: 831 }, (_, i) => `county:国家${i}`), 'county:竹山县'];
    const sheets = await currentSheets(store, 'a4', '2023', ids);
    expect(sheets.map((s) => s.countyId)).toEqual(['county:竹山县']);
    const recent = await recentRevisions(store, { countyIds: ids, limit: 5 });
    expect(recent.map((r) => r.countyId)).toEqual(['county:竹山县']);
    expect((await sheetEventsFor(store, 'a4', '2023', ids)).size).toBe(0);
    expect(await deliveries(store, { countyIds: ids, limit: 5 })).toEqual([]);
    expect(await listDocuments(store, 2023, ids)).toEqual([]);
    expect(await currentSheets(store, 'a4', '2023', ids.slice(0, 831))).toEqual([]);
  });

  it('counts the rows a query changed as Kysely expects, 0 when none, and refuses a transaction', async () => {
    const inserted = await store.db
      .insertInto('processed_events')
      .values({ key: 'k', seen_at: '2023-03-27T02:00:00.000Z' })
      .executeTakeFirstOrThrow();
    expect(inserted.numInsertedOrUpdatedRows).toBe(1n);
    expect(typeof inserted.insertId).toBe('bigint');
    const touch = (key: string) =>
      store.db
        .updateTable('processed_events')
        .set({ seen_at: '2023-03-28T02:00:00.000Z' })
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
    expect((await touch('k')).numUpdatedRows).toBe(1n);
    // kysely-d1 answered "unknown" here, which Kysely read as 0 only by luck of a fallback.
    expect((await touch('absent')).numUpdatedRows).toBe(0n);
    const removed = await store.db.deleteFrom('processed_events').executeTakeFirstOrThrow();
    expect(removed.numDeletedRows).toBe(1n);
    await expect(store.db.transaction().execute(async () => null)).rejects.toThrow(/Store\.batch/);
  });

  it('runs a batch all or nothing', async () => {
    const insert = (key: string) =>
      store.db.insertInto('processed_events').values({ key, seen_at: '2023-03-27T02:00:00.000Z' });
    await expect(store.batch([insert('a'), insert('b'), insert('a')])).rejects.toThrow(/UNIQUE/);
    expect(await store.db.selectFrom('processed_events').select('key').execute()).toEqual([]);
    await store.batch([insert('a'), insert('b')]);
    expect((await store.db.selectFrom('processed_events').select('key').execute()).length).toBe(2);
  });

  it('says how many rows each statement of a batch changed, and enqueue counts only its own', async () => {
    const insert = (key: string) =>
      store.db
        .insertInto('processed_events')
        .values({ key, seen_at: '2023-03-27T02:00:00.000Z' })
        .onConflict((oc) => oc.column('key').doNothing());
    expect(await store.batch([insert('a'), insert('b'), insert('a')])).toEqual([1, 1, 0]);
    // 2,500 reminders and 1,200 cards: three and two statements of one JSON parameter each (as VALUES
    // they would be 278 and 86 statements under D1's 100 parameters).
    const reminders: NewReminder[] = Array.from({ length: 2500 }, (_, i) => ({
      reminder_key: `L2:2023Q1:county:竹山县:-:county:竹山县:before:${i}`,
      unit_id: 'county:竹山县',
      obligation: 'L2',
      period: '2023Q1',
      county_id: 'county:竹山县',
      partner_id: '',
      kind: 'before',
      occurrence: i,
      planned_for: '2023-03-24',
      due: '2023-03-31',
    }));
    const messages: NewMessage[] = Array.from({ length: 1200 }, (_, i) => ({
      message_key: `rem:c${i}:2023-03-24`,
      contact_id: `c${i}`,
      unit_id: 'county:竹山县',
      day: '2023-03-24',
    }));
    const at = new Date('2023-03-24T01:05:00Z');
    expect(
      await enqueue(store, { reminders: reminders.slice(0, 5), messages: messages.slice(0, 5) }, at),
    ).toBe(5);
    expect(await enqueue(store, { reminders, messages }, at)).toBe(1195);
    expect(await enqueue(store, { reminders, messages }, at)).toBe(0);
    const one = await store.db
      .selectFrom('reminders')
      .select(['occurrence', 'due', 'partner_id'])
      .where('reminder_key', '=', reminders[1234]?.reminder_key ?? '')
      .executeTakeFirstOrThrow();
    expect(one).toEqual({ occurrence: 1234, due: '2023-03-31', partner_id: '' });
    const stored = async (table: 'reminders' | 'reminder_messages') =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select(store.db.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect([await stored('reminders'), await stored('reminder_messages')]).toEqual([2500, 1200]);
  });
});
