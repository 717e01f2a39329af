// The holidays every citizen has off by law, 《全国年节及纪念日放假办法》 as in force since 2025-01-01
// (国务院令第795号 amended it: 春节 gained 除夕, 劳动节 gained 5月2日). The State Council's yearly notice
// then arranges bridges and make-up working days around them; those cannot be computed, so a year known
// only from this table is an estimate (workdays.ts). Lunar dates and the 清明 solar term come from the
// chinese-days package, which computes both for any year.
import chineseDays from 'chinese-days';
import { addDays } from './clock.ts';

/** The first year the table below describes; earlier years come from the package or a notice. */
export const LAW_IN_FORCE_SINCE = 2025;

type Anchor =
  | { kind: 'solar'; month: number; day: number }
  | { kind: 'lunar'; month: number; day: number }
  | { kind: 'solar_term'; month: number; term: 'pure_brightness' };

interface StatutoryHoliday {
  name: string;
  anchor: Anchor;
  /** Days from the anchor to the first day off (春节 starts on 除夕, the day before 正月初一). */
  from: number;
  days: number;
}

/** 第二条 of the law: the holidays of all citizens, in the order it lists them. */
const STATUTORY: readonly StatutoryHoliday[] = [
  { name: '元旦', anchor: { kind: 'solar', month: 1, day: 1 }, from: 0, days: 1 },
  { name: '春节', anchor: { kind: 'lunar', month: 1, day: 1 }, from: -1, days: 4 },
  { name: '清明节', anchor: { kind: 'solar_term', month: 4, term: 'pure_brightness' }, from: 0, days: 1 },
  { name: '劳动节', anchor: { kind: 'solar', month: 5, day: 1 }, from: 0, days: 2 },
  { name: '端午节', anchor: { kind: 'lunar', month: 5, day: 5 }, from: 0, days: 1 },
  { name: '中秋节', anchor: { kind: 'lunar', month: 8, day: 15 }, from: 0, days: 1 },
  { name: '国庆节', anchor: { kind: 'solar', month: 10, day: 1 }, from: 0, days: 3 },
];

const pad = (n: number) => String(n).padStart(2, '0');

function anchorDate(year: number, anchor: Anchor): string {
  switch (anchor.kind) {
    case 'solar':
      return `${year}-${pad(anchor.month)}-${pad(anchor.day)}`;
    case 'lunar':
      // The regular month, not a leap month of the same number.
      return chineseDays.getSolarDateFromLunar(`${year}-${pad(anchor.month)}-${pad(anchor.day)}`).date;
    case 'solar_term':
      return chineseDays.getSolarTermDate(year, anchor.month, anchor.term);
  }
}

/** Every statutory day off of a year, with the holiday it belongs to, in date order. */
export function statutoryHolidays(year: number): { date: string; name: string }[] {
  return STATUTORY.flatMap((holiday) => {
    const first = addDays(anchorDate(year, holiday.anchor), holiday.from);
    return Array.from({ length: holiday.days }, (_, i) => ({ date: addDays(first, i), name: holiday.name }));
  }).sort((a, b) => a.date.localeCompare(b.date));
}
