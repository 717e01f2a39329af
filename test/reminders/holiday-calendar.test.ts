// The live reminder sweep (as runtime/compose.ts wires it: the work calendar loaded from the store for
// each sweep) after the package's data ends: a simulated 2027 on SQLite sends nothing on a computed
// statutory holiday; a schedule the bureau entered overrides the estimate at the next sweep; and the
// bureau's contacts are told once that a year's schedule is missing.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../src/domain/clock.ts';
import { statutoryHolidays } from '../../src/domain/statutory-holidays.ts';
import { composeChannels, sweeper } from '../../src/runtime/compose.ts';
import { readConfig } from '../../src/runtime/config.ts';
import { saveSchedule } from '../../src/store/holidays-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { storeEachTest } from '../support/demo-store.ts';

let store: OpenedStore;
storeEachTest((s) => {
  store = s;
});

/** The sweep `npm start` runs every five minutes, over the console messenger of the demo roster. */
function liveSweep(now: () => Date) {
  const configured = readConfig({});
  if (!configured.ok) throw new Error(configured.errors.join('\n'));
  const channels = composeChannels(configured.config, { store, now, logger: pino({ level: 'silent' }) });
  return sweeper(channels, { store, worker: 'test' });
}

const at = (date: string, time = '09:05') => new Date(`${date}T${time}:00+08:00`);

async function inbox() {
  const rows = await store.db.selectFrom('console_inbox').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({ ...r, day: localDate(new Date(r.created_at)) }));
}

const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

describe('the reminder sweep past 2026', () => {
  it('sends nothing on a statutory holiday or weekend of a simulated 2027, and tells the bureau once', async () => {
    let now = at('2027-01-01');
    const sweep = liveSweep(() => now);
    for (let date = '2027-01-01'; date <= '2027-12-31'; date = addDays(date, 1)) {
      now = at(date);
      await sweep(now);
    }
    const sent = await inbox();
    const reminders = sent.filter((m) => m.key.startsWith('rem:'));
    const holidays = new Set(statutoryHolidays(2027).map((h) => h.date));
    expect(reminders.filter((m) => holidays.has(m.day) || weekend(m.day))).toEqual([]);
    // Reminders did go out on working days (each quarter's deadlines): the check above could fail.
    expect(new Set(reminders.map((m) => m.day)).size).toBeGreaterThan(20);
    expect(reminders.some((m) => m.day === '2027-01-04')).toBe(true); // 2026Q4 overdue, first workday
    // The bureau heard once that 2027 is estimated (on its first working day) and, from December on,
    // once that 2028 is.
    const told = sent.filter((m) => m.key.startsWith('holidays-missing:'));
    expect(told.map((m) => [m.key.split(':')[1], m.day])).toEqual([
      ['2027', '2027-01-04'],
      ['2028', '2027-12-01'],
    ]);
    expect(JSON.parse(told[0]?.reply ?? '{}').text).toContain('2027年的节假日安排还没有录入');
  }, 60_000);

  it('follows a schedule entered meanwhile: its days off and make-up working days, at the next sweep', async () => {
    let now = at('2027-01-04');
    const sweep = liveSweep(() => now);
    await saveSchedule(
      store,
      // A hypothetical 2027 notice: 元旦 bridged to Monday 1月4日, made up on Saturday 1月9日.
      {
        year: 2027,
        rest: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
        work: ['2027-01-09'],
        sourceText: '…',
        enteredBy: 'test',
      },
      at('2026-12-15'),
    );
    await sweep(now);
    expect(await inbox()).toEqual([]);
    now = at('2027-01-05');
    await sweep(now);
    const tuesday = (await inbox()).filter((m) => m.key.startsWith('rem:'));
    expect(tuesday.length).toBeGreaterThan(0);
    expect(tuesday.every((m) => m.day === '2027-01-05')).toBe(true);
    // Nobody is told 2027 is missing: it was entered.
    expect((await inbox()).filter((m) => m.key.startsWith('holidays-missing:'))).toEqual([]);
  });

  it('tells the bureau from December 1st that next year is missing, once, and nobody else', async () => {
    let now = at('2026-11-30');
    const sweep = liveSweep(() => now);
    await sweep(now);
    expect((await inbox()).filter((m) => m.key.startsWith('holidays-missing:'))).toEqual([]);
    for (const moment of [at('2026-12-01'), at('2026-12-01', '10:00'), at('2026-12-02')]) {
      now = moment;
      await sweep(now);
    }
    const told = (await inbox()).filter((m) => m.key.startsWith('holidays-missing:'));
    expect(told).toHaveLength(1);
    const bureau = await store.db
      .selectFrom('contacts')
      .innerJoin('units', 'units.id', 'contacts.unit_id')
      .select('contacts.platform_user_id')
      .where('units.kind', '=', 'bureau')
      .execute();
    expect(told.map((m) => m.recipient)).toEqual(
      bureau.map((c) => expect.stringContaining(c.platform_user_id ?? '?')),
    );
  });
});
