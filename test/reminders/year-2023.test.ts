import { describe, expect, it } from 'vitest';
import { submitSheet } from '../../src/app/submit.ts';
import { consoleMessenger } from '../../src/channels/console/inbox.ts';
import { addDays, localDate } from '../../src/domain/clock.ts';
import { digestOccasion } from '../../src/domain/digest-days.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders, type SweepDeps } from '../../src/reminders/sweep.ts';
import { planDay } from '../../src/reminders/today.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { deliveries } from '../../src/store/outbox-repo.ts';
import { CONTACTS_CSV, demoMobile, storeEachTest } from '../support/demo-store.ts';
import { a2Body } from '../support/sheets.ts';

const { isWorkday } = workCalendar([]);

let store: OpenedStore;
storeEachTest((s) => {
  store = s;
});

/** 09:00 in Shanghai on a local date. */
const nineAm = (date: string) => new Date(`${date}T09:00:00+08:00`);

describe('a simulated 2023', () => {
  it('sends exactly the planned reminders: none to who has reported, none on a rest day, one message a contact a day', async () => {
    // 竹山县 reports 附件2 three days early every quarter; 郧阳区 ten days late; everyone else never.
    const submissions = new Map<string, { as: string; period: string; unit: string }[]>();
    const add = (date: string, as: string, period: string, unit: string) =>
      submissions.set(date, [...(submissions.get(date) ?? []), { as, period, unit }]);
    for (const [q, due] of [
      [1, '2023-03-31'],
      [2, '2023-06-30'],
      [3, '2023-09-30'],
      [4, '2023-12-31'],
    ] as const) {
      add(addDays(due, -3), demoMobile('county', '竹山县'), `2023Q${q}`, '省委宣传部');
      add(addDays(due, 10), demoMobile('county', '郧阳区'), `2023Q${q}`, '省民政厅');
    }
    let now = nineAm('2023-01-01');
    const deps: SweepDeps = {
      store,
      messenger: consoleMessenger(mailboxOf(store), () => now),
      worker: 'w1',
      calendar: workCalendar([]),
      settings: DEFAULT_REMINDER_SETTINGS,
    };
    const planned = new Set<string>();
    for (let date = '2023-01-01'; date <= '2023-12-31'; date = addDays(date, 1)) {
      for (const s of submissions.get(date) ?? []) {
        const outcome = await submitSheet(
          store,
          { as: s.as, ledger: 'a2', period: s.period, body: a2Body(s.unit) },
          'card',
          new Date(`${date}T08:00:00+08:00`),
        );
        expect(outcome.kind).toBe('saved');
      }
      now = nineAm(date);
      if (isWorkday(date)) {
        const day = await planDay(store, now, isWorkday);
        for (const r of day.dueToday) planned.add(`${r.key}`);
      }
      await runDueReminders(deps, now);
    }

    const rows = await deliveries(store);
    const sent = rows.filter((r) => r.state === 'sent');
    // Exactly what the plan said, for every recipient that has a contact (every unit in the demo).
    expect(new Set(sent.map((r) => r.reminder_key))).toEqual(planned);
    expect(rows.filter((r) => r.state === 'pending')).toEqual([]);

    // None on a rest day, one message per contact per day.
    const inbox = await store.db.selectFrom('console_inbox').selectAll().execute();
    expect(inbox.every((m) => isWorkday(localDate(new Date(m.created_at))))).toBe(true);
    expect(new Set(inbox.map((m) => m.key)).size).toBe(inbox.length);
    // Besides the reminders, only the weekly digest: once per occasion to every bureau and city contact.
    const digests = inbox.filter((m) => m.key.startsWith('digest:'));
    expect(inbox.every((m) => m.key.startsWith('rem:') || m.key.startsWith('digest:'))).toBe(true);
    const occasions: string[] = [];
    for (let date = '2023-01-01'; date <= '2023-12-31'; date = addDays(date, 1)) {
      const keys = digestOccasion(date, isWorkday)?.keys;
      if (keys) occasions.push(keys[keys.length - 1] ?? '');
    }
    const recipients = CONTACTS_CSV.split('\n').filter((l) => /^(bureau|city),/.test(l)).length;
    expect(occasions.length).toBeGreaterThanOrEqual(4 * 5);
    expect(digests.length).toBe(occasions.length * recipients);
    expect(new Set(digests.map((m) => m.key.split(':').slice(1, 3).join(':')))).toEqual(new Set(occasions));

    // 竹山县 reported 附件2 before its 3-day and 1-day reminders: only the 7-day one each quarter.
    const zhushanL2 = sent.filter(
      (r) =>
        r.county_id === 'county:竹山县' &&
        r.obligation === 'L2' &&
        r.period.startsWith('2023') &&
        r.unit_id === 'county:竹山县',
    );
    expect(zhushanL2.map((r) => `${r.period}:${r.kind}:${r.occurrence}`).sort()).toEqual([
      '2023Q1:before:7',
      '2023Q2:before:7',
      '2023Q3:before:7',
      '2023Q4:before:7',
    ]);
    // 郧阳区 (late by ten days) got 7/3/1-day, the first overdue and one weekly overdue reminder per quarter
    // until it reported — and its city was told; 郧阳区 has no lead unit in the roster.
    const yunyang = sent.filter((r) => r.county_id === 'county:郧阳区' && r.obligation === 'L2');
    const q3 = yunyang
      .filter((r) => r.period === '2023Q3')
      .map((r) => `${r.unit_id}:${r.kind}:${r.occurrence}`)
      .sort();
    expect(q3).toEqual([
      'city:十堰市:escalation:0',
      'county:郧阳区:before:1',
      'county:郧阳区:before:3',
      'county:郧阳区:before:7',
      'county:郧阳区:overdue:0',
    ]);
    // Counted per kind over the year, for one county that never reports 附件2 (郧西县) and its city.
    const yunxi = sent.filter(
      (r) => r.county_id === 'county:郧西县' && r.obligation === 'L2' && r.period.startsWith('2023'),
    );
    const perKind = (unit: string) => {
      const counts: Record<string, number> = {};
      for (const r of yunxi.filter((x) => x.unit_id === unit)) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
      return counts;
    };
    const plannedYunxi = [...planned].filter(
      (k) => k.startsWith('L2:2023') && k.includes(':county:郧西县:-:'),
    );
    expect(yunxi).toHaveLength(plannedYunxi.length);
    expect(perKind('county:郧西县').before).toBeGreaterThanOrEqual(11);
    expect(perKind('city:十堰市').escalation).toBeGreaterThan(0);
  }, 180_000);
});
