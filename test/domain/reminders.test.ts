import { describe, expect, it } from 'vitest';
import { deadlinesOfYear } from '../../src/domain/calendar.ts';
import {
  deadlinesAround,
  nextReminderDates,
  planReminders,
  reminderPlan,
} from '../../src/domain/reminders.ts';
import { importCountySheet } from '../../src/domain/roster-csv.ts';
import type { Fulfilled } from '../../src/domain/status.ts';
import { workCalendar, workdayOnOrAfter, workdayOnOrBefore } from '../../src/domain/workdays.ts';
import { ROSTER_CSV } from '../support/demo-store.ts';

const { isWorkday } = workCalendar([]);

const imported = importCountySheet({ units: [], relations: [], villages: [], contacts: [] }, ROSTER_CSV);
if (!imported.ok) throw new Error('roster');
const roster = imported.roster;

function plan(obligation: string, quarter: number | null, fulfilled: Fulfilled[] = []) {
  const deadlines = deadlinesOfYear(2023).filter(
    (d) => d.obligation.id === obligation && d.period.quarter === quarter,
  );
  return planReminders(roster, deadlines, () => fulfilled, { isWorkday });
}

describe('workdays from the statutory calendar', () => {
  it('knows the 2023 National Day holiday and its make-up Saturday', () => {
    expect(isWorkday('2023-09-28')).toBe(true);
    expect(isWorkday('2023-09-29')).toBe(false);
    expect(isWorkday('2023-10-06')).toBe(false);
    expect(isWorkday('2023-10-07')).toBe(true); // 调休 Saturday
    expect(workdayOnOrBefore('2023-10-01', isWorkday)).toBe('2023-09-28');
    expect(workdayOnOrAfter('2023-10-01', isWorkday)).toBe('2023-10-07');
  });
});

describe('the reminder plan', () => {
  it('moves the “1 day before” reminder of 2023-09-30 to 2023-09-28, before the holiday', () => {
    const zhushan = plan('L2', 3).filter((r) => r.recipient.name === '竹山县');
    const before = zhushan.filter((r) => r.kind === 'before').map((r) => [r.occurrence, r.date]);
    expect(before).toEqual([
      [7, '2023-09-22'],
      [3, '2023-09-27'],
      [1, '2023-09-28'],
    ]);
    // The due day (a holiday) falls on the same workday: one reminder, not two.
    expect(zhushan.filter((r) => r.date === '2023-09-28')).toHaveLength(1);
  });

  it('reminds on the due day when it is a workday', () => {
    const q2 = plan('L2', 2).filter((r) => r.recipient.name === '竹山县' && r.kind === 'due');
    expect(q2.map((r) => r.date)).toEqual(['2023-06-30']);
  });

  it('after the deadline: the county weekly from the first workday, its lead unit and city escalated', () => {
    const late = plan('L2', 1).filter((r) => r.owed.county.name === '竹山县' && r.date > '2023-03-31');
    const first = late
      .filter((r) => r.occurrence === 0)
      .map((r) => `${r.recipient.name}:${r.kind}:${r.date}`);
    expect(first.sort()).toEqual([
      '十堰市:escalation:2023-04-03',
      '省委宣传部:escalation:2023-04-03',
      '竹山县:overdue:2023-04-03',
    ]);
    const weeks = late.filter((r) => r.recipient.name === '竹山县').map((r) => r.date);
    expect(weeks.slice(0, 3)).toEqual(['2023-04-03', '2023-04-10', '2023-04-17']);
    expect(late.every((r) => isWorkday(r.date))).toBe(true);
  });

  it('reminds nobody of what they have fulfilled', () => {
    const done: Fulfilled[] = [
      {
        countyId: 'county:竹山县',
        partner: null,
        firstAt: '2023-03-20T00:00:00Z',
        lastAt: '2023-03-20T00:00:00Z',
        revisions: 1,
      },
    ];
    const reminders = plan('L2', 1, done);
    expect(reminders.some((r) => r.owed.county.name === '竹山县')).toBe(false);
    expect(reminders.some((r) => r.owed.county.name === '房县')).toBe(true);
  });

  it('gives lead units their own duties (M1, M2) and both sides of a pair theirs (M3)', () => {
    const m1 = plan('M1', null).filter((r) => r.kind === 'before' && r.occurrence === 7);
    expect(m1.map((r) => r.recipient.name).sort()).toEqual([
      '省住建厅',
      '省农业农村厅',
      '省委宣传部',
      '省经信厅',
    ]);
    const m3 = plan('M3', null).filter(
      (r) => r.owed.county.name === '五峰土家族自治县' && r.kind === 'before' && r.occurrence === 7,
    );
    expect(m3.map((r) => `${r.recipient.name}/${r.owed.partner?.name}`).sort()).toEqual([
      '五峰土家族自治县/武汉市武昌区',
      '五峰土家族自治县/武汉市江夏区',
      '武汉市武昌区/武汉市武昌区',
      '武汉市江夏区/武汉市江夏区',
    ]);
  });

  it('only plans 附件1 and D2 for counties hosting central units', () => {
    const l1 = new Set(plan('L1', 1).map((r) => r.owed.county.name));
    expect(l1.has('南漳县')).toBe(false);
    expect(l1.has('郧阳区')).toBe(true);
  });

  it('tells when the next reminder would come', () => {
    const all = plan('L2', 1).filter((r) => r.recipient.name === '房县');
    const seven = all.find((r) => r.kind === 'before' && r.occurrence === 7);
    expect(seven && nextReminderDates(all, seven.date).get(seven.key)).toBe('2023-03-28');
  });

  it('looks at the deadlines around a day, across the year boundary', () => {
    const around = deadlinesAround('2024-03-25').map((d) => `${d.obligation.id}@${d.due}`);
    expect(around).toContain('L2@2023-12-31');
    expect(around).toContain('L2@2024-03-31');
    expect(around).not.toContain('L2@2023-09-30');
    expect(around).not.toContain('L2@2024-06-30');
  });
});

describe('the plan expanded only where asked (what a national sweep uses)', () => {
  // Every day of 2023 and the deadlines around it, with some counties reported: one day's reminders and
  // one item's must be exactly those of the whole plan, holidays and escalations included.
  const reported: Fulfilled[] = roster.units
    .filter((u) => u.kind === 'county')
    .filter((_, i) => i % 3 === 0)
    .map((u) => ({
      countyId: u.id,
      partner: null,
      firstAt: '2023-01-01',
      lastAt: '2023-01-01',
      revisions: 1,
    }));
  const keys = (list: readonly { key: string; date: string }[]) => list.map((r) => `${r.key}@${r.date}`);

  it('gives each day the reminders of that day, in the same order', () => {
    for (
      let d = new Date('2023-01-02T00:00:00Z');
      d.getUTCFullYear() === 2023;
      d.setUTCDate(d.getUTCDate() + 5)
    ) {
      const today = d.toISOString().slice(0, 10);
      const deadlines = deadlinesAround(today);
      const whole = planReminders(roster, deadlines, () => reported, { isWorkday });
      const lazy = reminderPlan(roster, deadlines, () => reported, { isWorkday });
      expect(keys(lazy.on(today))).toEqual(keys(whole.filter((r) => r.date === today)));
    }
  });

  it('gives an item its reminders, and none once it is no longer owed', () => {
    const deadlines = deadlinesAround('2023-04-10');
    const whole = planReminders(roster, deadlines, () => reported, { isWorkday });
    const lazy = reminderPlan(roster, deadlines, () => reported, { isWorkday });
    for (const r of whole.filter((_, i) => i % 97 === 0)) {
      const item = {
        obligation: r.owed.obligation,
        period: r.owed.period,
        countyId: r.owed.county.id,
        partnerId: r.owed.partner?.id ?? '',
      };
      expect(keys(lazy.ofItem(item))).toEqual(keys(whole.filter((x) => x.owed === r.owed)));
    }
    const done = reported[0];
    expect(
      done && lazy.ofItem({ obligation: 'L2', period: '2023Q1', countyId: done.countyId, partnerId: '' }),
    ).toEqual([]);
  });
});
