// The State Council's notices as the bureau receives them (test/fixtures/holiday-notices: the notices
// for 2017 and 2024–2026, public documents), read into rest days and make-up working days that agree
// with the chinese-days package day by day; and what the reader refuses, naming the line.
import { readFileSync } from 'node:fs';
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/clock.ts';
import { parseHolidayNotice } from '../../src/domain/holiday-notice.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { root } from '../support/demo-store.ts';

const notice = (year: number) => readFileSync(root(`test/fixtures/holiday-notices/${year}.txt`), 'utf8');

function parsed(text: string, options: { year?: number } = {}) {
  const result = parseHolidayNotice(text, options);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problem)}`);
  return result.notice;
}

function daysOf(year: number): string[] {
  const days: string[] = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) days.push(d);
  return days;
}

describe('reading a State Council holiday notice', () => {
  it.each([2017, 2024, 2025, 2026])('gives the %i calendar of the package, every day of the year', (year) => {
    const schedule = parsed(notice(year));
    expect(schedule.year).toBe(year);
    const calendar = workCalendar([schedule]);
    const differing = daysOf(year).filter((d) => calendar.isWorkday(d) !== chineseDays.isWorkday(d));
    expect(differing).toEqual([]);
    expect(calendar.basis(year)).toBe('entered');
  });

  it('sets aside an encouragement to rest, which is not a day off (2024: 除夕 2月9日)', () => {
    const schedule = parsed(notice(2024));
    expect(schedule.rest).not.toContain('2024-02-09');
    expect(schedule.setAside).toEqual([expect.stringContaining('除夕')]);
    expect(schedule.holidays.map((h) => h.name)).toEqual([
      '元旦',
      '春节',
      '清明节',
      '劳动节',
      '端午节',
      '中秋节',
      '国庆节',
    ]);
  });

  it('reads the notice pasted as one line, with half-width punctuation, or with 星期 for 周', () => {
    const whole = parsed(notice(2026));
    const oneLine = notice(2026).replace(/\n+/g, '');
    // Pasted as one line, the closing paragraph runs on from the last item; its encouragement is set aside.
    const { setAside, ...days } = parsed(oneLine);
    expect(days).toEqual({ year: 2026, holidays: whole.holidays, rest: whole.rest, work: whole.work });
    expect(setAside).toEqual([expect.stringContaining('鼓励单位和个人')]);
    const halfWidth = notice(2026)
      .replace(/（/g, '(')
      .replace(/）/g, ')')
      .replace(/：/g, ':')
      .replace(/，/g, ',');
    expect(parsed(halfWidth).rest).toEqual(whole.rest);
    expect(parsed(notice(2026).replace(/（周/g, '（星期')).work).toEqual(whole.work);
  });

  it('reads days of the December before (元旦 2019 began on 2018-12-30) and a 补休 as a day off', () => {
    const schedule = parsed(
      '一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。',
      { year: 2019 },
    );
    expect(schedule.rest).toEqual(['2018-12-30', '2018-12-31', '2019-01-01']);
    expect(schedule.work).toEqual(['2018-12-29']);
    for (const d of [...schedule.rest, ...schedule.work]) {
      expect(workCalendar([schedule]).isWorkday(d)).toBe(chineseDays.isWorkday(d));
    }
    expect(parsed(notice(2017)).rest.slice(0, 2)).toEqual(['2017-01-01', '2017-01-02']);
  });

  it('reads a plain list of dates, a line per day or range', () => {
    const schedule = parsed('放假 2027-01-01\n放假：2027-02-05 至 2027-02-11\n上班 2027-02-14、2027-02-20\n');
    expect(schedule.year).toBe(2027);
    expect(schedule.rest).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
    ]);
    expect(schedule.work).toEqual(['2027-02-14', '2027-02-20']);
  });

  it('refuses what it cannot fully read, naming the line', () => {
    const refuse = (text: string, options: { year?: number } = {}) => {
      const result = parseHolidayNotice(text, options);
      if (result.ok) throw new Error('accepted');
      return result.problem;
    };
    const bad = notice(2026).replace('1月4日（周日）上班', '1月4日（周日）照常');
    expect(refuse(bad)).toEqual({
      code: 'no_verb',
      line: expect.stringContaining('元旦'),
    });
    expect(refuse(notice(2026).replace('共9天', '共8天'))).toMatchObject({
      code: 'count_mismatch',
      stated: 8,
      counted: 9,
    });
    // The 2026 notice passed as 2027: its title says otherwise.
    expect(refuse(notice(2026), { year: 2027 })).toEqual({ code: 'year_mismatch', found: 2026, year: 2027 });
    // Its items alone, as 2027: the weekdays written beside the dates do not fit.
    const items = notice(2026)
      .split('\n')
      .filter((l) => /^[一二三四五六七]、/.test(l))
      .join('\n');
    expect(refuse(items, { year: 2027 })).toMatchObject({
      code: 'weekday_mismatch',
      date: '2027-01-01',
      stated: '周四',
      actual: '周五',
    });
    expect(refuse(items)).toEqual({ code: 'no_year' });
    expect(refuse('各省、自治区、直辖市人民政府：\n现将2027年……通知如下。')).toEqual({ code: 'empty' });
    expect(refuse('放假 2027-01-04\n上班 2027-01-04')).toEqual({ code: 'conflict', date: '2027-01-04' });
    expect(refuse('放假 2027-02-30')).toMatchObject({ code: 'bad_date' });
    expect(refuse('放假 2027-01-01\n放假 2025-05-01', { year: 2027 })).toMatchObject({
      code: 'outside_year',
      date: '2025-05-01',
    });
  });
});
