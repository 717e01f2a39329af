// The quarter people mean when they name none, and whether a period has begun: the answers that do
// not say which quarter they are for default to the one now being reported.
import { localDate } from './clock.ts';
import type { Period } from './period.ts';

/** The latest quarter due, or due within 15 days (on 2023-03-28 that is 2023Q1). */
export function quarterNowDue(now: Date): Period {
  const soon = localDate(new Date(now.getTime() + 15 * 86_400_000));
  const year = Number(soon.slice(0, 4));
  const month = Number(soon.slice(5, 7));
  const day = Number(soon.slice(8, 10));
  const endsThisMonth = month % 3 === 0 && day >= (month === 3 || month === 12 ? 31 : 30);
  const quarter = Math.floor((month - 1) / 3) + (endsThisMonth ? 1 : 0);
  return quarter === 0 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter as 1 | 2 | 3 | 4 };
}

/** Whether nothing of the period can be due yet: it starts after the quarter now being reported. */
export function notYetDue(period: Period, now: Date): boolean {
  const due = quarterNowDue(now);
  if (period.year !== due.year) return period.year > due.year;
  return period.quarter !== null && due.quarter !== null && period.quarter > due.quarter;
}

/** The quarter today lies in: the next deadline is at its end ("还有几天截止"). */
export function quarterOf(now: Date): Period {
  const today = localDate(now);
  return {
    year: Number(today.slice(0, 4)),
    quarter: Math.ceil(Number(today.slice(5, 7)) / 3) as 1 | 2 | 3 | 4,
  };
}
