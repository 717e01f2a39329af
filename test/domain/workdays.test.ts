// The work calendar past the package's data: the statutory holidays of the law as in force since 2025,
// computed from the lunar calendar and the 清明 solar term; marked as estimates; overridden by a schedule
// the bureau entered.
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { statutoryHolidays } from '../../src/domain/statutory-holidays.ts';
import { packageYears, workCalendar } from '../../src/domain/workdays.ts';

describe('the statutory holidays', () => {
  it('of 2027 and 2028: 元旦, 除夕 to 初三, 清明, 5月1–2日, 端午, 中秋, 10月1–3日', () => {
    expect(statutoryHolidays(2027)).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-05', name: '春节' },
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07', name: '春节' },
      { date: '2027-02-08', name: '春节' },
      { date: '2027-04-05', name: '清明节' },
      { date: '2027-05-01', name: '劳动节' },
      { date: '2027-05-02', name: '劳动节' },
      { date: '2027-06-09', name: '端午节' },
      { date: '2027-09-15', name: '中秋节' },
      { date: '2027-10-01', name: '国庆节' },
      { date: '2027-10-02', name: '国庆节' },
      { date: '2027-10-03', name: '国庆节' },
    ]);
    // 2028: 春节 on 1月26日 (除夕 1月25日), 中秋 on 10月3日 inside 国庆, 清明 on 4月4日.
    expect(statutoryHolidays(2028).map((h) => h.date)).toEqual([
      '2028-01-01',
      '2028-01-25',
      '2028-01-26',
      '2028-01-27',
      '2028-01-28',
      '2028-04-04',
      '2028-05-01',
      '2028-05-02',
      '2028-05-28',
      '2028-10-01',
      '2028-10-02',
      '2028-10-03',
      '2028-10-03',
    ]);
  });

  it('are days off in every year the package knows since the law changed (2025, 2026)', () => {
    for (const year of [2025, 2026]) {
      const working = statutoryHolidays(year).filter((h) => chineseDays.isWorkday(h.date));
      expect(working).toEqual([]);
    }
  });
});

describe('the work calendar', () => {
  const calendar = workCalendar([]);

  it('uses the package while it has data, and estimates after it', () => {
    expect(packageYears()).toEqual({ from: 2004, to: 2026 });
    expect(calendar.basis(2026)).toBe('package');
    expect(calendar.basis(2027)).toBe('estimated');
    expect(calendar.isWorkday('2026-10-08')).toBe(chineseDays.isWorkday('2026-10-08'));
    expect(calendar.estimated('2026-10-08')).toBe(false);
  });

  it('rests on 2027’s statutory holidays and weekends and works on ordinary weekdays, as an estimate', () => {
    for (const { date } of statutoryHolidays(2027)) expect(calendar.isWorkday(date)).toBe(false);
    expect(calendar.isWorkday('2027-01-02')).toBe(false); // a Saturday
    expect(calendar.isWorkday('2027-01-04')).toBe(true);
    expect(calendar.isWorkday('2027-10-04')).toBe(true); // not statutory: only a notice can make it a day off
    expect(calendar.estimated('2027-01-04')).toBe(true);
    // The package alone says "a weekday is a workday" past its data: 元旦 2027 would be one.
    expect(chineseDays.isWorkday('2027-01-01')).toBe(true);
  });

  it('follows an entered schedule over the estimate: its days off, its make-up working days', () => {
    const entered = workCalendar([
      {
        year: 2027,
        rest: ['2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'],
        work: ['2027-09-26'],
      },
    ]);
    expect(entered.basis(2027)).toBe('entered');
    expect(entered.isWorkday('2027-10-04')).toBe(false);
    expect(entered.isWorkday('2027-09-26')).toBe(true); // a Sunday worked
    expect(entered.estimated('2027-10-04')).toBe(false);
    // An entered year lists its days: a statutory day it does not list is a plain weekday.
    expect(entered.isWorkday('2027-06-09')).toBe(true);
    expect(entered.enteredYears()).toEqual([2027]);
  });
});
