// Periods as people say them: 一季度、第二季度、Q3、3季度、上半年、前三季度、今年、去年四季度、2023年二季度.
import { localDate } from '../domain/clock.ts';
import type { Period } from '../domain/period.ts';

const QUARTER_WORDS: Record<string, 1 | 2 | 3 | 4> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
};

/** Finds a period in free text; null when none is named. Years default to now's (去年 = last year). */
export function findPeriod(text: string, now: Date): Period | null {
  const today = localDate(now);
  const thisYear = Number(today.slice(0, 4));
  const t = text.replace(/\s+/g, '');
  const year = yearIn(t, thisYear);

  const compact = /(\d{4})[-]?[Qq]([1-4])/.exec(t);
  if (compact) return { year: Number(compact[1]), quarter: Number(compact[2]) as 1 | 2 | 3 | 4 };
  const quarter = /(?:第)?([一二三四1-4])(?:季度|季)/.exec(t) ?? /[Qq]([1-4])/.exec(t);
  if (quarter) {
    const q = QUARTER_WORDS[quarter[1] ?? ''];
    if (q) return { year: year ?? thisYear, quarter: q };
  }
  if (/上半年/.test(t)) return { year: year ?? thisYear, quarter: 2 };
  if (/前三季度/.test(t)) return { year: year ?? thisYear, quarter: 3 };
  if (/全年|年度|今年|去年|前年|\d{4}年/.test(t) && year !== null) return { year, quarter: null };
  return null;
}

function yearIn(t: string, thisYear: number): number | null {
  const explicit = /(\d{4})年/.exec(t) ?? /(\d{4})[-]?[Qq][1-4]/.exec(t);
  if (explicit) return Number(explicit[1]);
  if (/前年/.test(t)) return thisYear - 2;
  if (/去年|上一?年/.test(t)) return thisYear - 1;
  if (/今年|本年/.test(t)) return thisYear;
  return null;
}

/** The quarter people mean when they name none: the latest one due, or due within 15 days. */
export function quarterNowDue(now: Date): Period {
  const soon = localDate(new Date(now.getTime() + 15 * 86_400_000));
  const year = Number(soon.slice(0, 4));
  const month = Number(soon.slice(5, 7));
  const day = Number(soon.slice(8, 10));
  const endsThisMonth = month % 3 === 0 && day >= (month === 3 || month === 12 ? 31 : 30);
  const quarter = Math.floor((month - 1) / 3) + (endsThisMonth ? 1 : 0);
  return quarter === 0 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter as 1 | 2 | 3 | 4 };
}
