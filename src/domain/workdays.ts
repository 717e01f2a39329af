// Which days are working days in mainland China, from three sources in order: the schedules the
// bureau entered (the State Council's yearly notice, held in the database), the chinese-days package
// (its data ends with the last notice it shipped: 2026 in 1.5.7), and for any other year the statutory
// holidays computed from the law (statutory-holidays.ts) — rest days only, since make-up working days
// (调休上班) are known only from a notice. Days decided by that last source are estimates, and say so.
import chineseDays from 'chinese-days';
import { addDays } from './clock.ts';
import { statutoryHolidays } from './statutory-holidays.ts';

/** A year's schedule as the bureau entered it: its rest days and its make-up working days. A notice may
 *  list days of the year before (a 元旦 break starting on December 30th); they count as listed. */
export interface HolidaySchedule {
  year: number;
  rest: readonly string[];
  work: readonly string[];
}

/** Where the answer for a year comes from. */
export type CalendarBasis = 'entered' | 'package' | 'estimated';

export interface WorkCalendar {
  isWorkday(date: string): boolean;
  basis(year: number): CalendarBasis;
  /** Whether a day's answer is an estimate: its year has neither an entered schedule nor package data. */
  estimated(date: string): boolean;
  /** The years the bureau entered, ascending. */
  enteredYears(): number[];
}

const PACKAGE_YEARS = new Map<number, boolean>();

/** Whether chinese-days holds the notice of a year (any holiday listed in it). */
export function packageCovers(year: number): boolean {
  let covered = PACKAGE_YEARS.get(year);
  if (covered === undefined) {
    covered = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    PACKAGE_YEARS.set(year, covered);
  }
  return covered;
}

/** The span of years the package covers, found around a year it is known to hold. */
export function packageYears(): { from: number; to: number } {
  let from = 2023;
  let to = 2023;
  while (packageCovers(from - 1)) from -= 1;
  while (packageCovers(to + 1)) to += 1;
  return { from, to };
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export function workCalendar(entered: readonly HolidaySchedule[]): WorkCalendar {
  const listed = new Map<string, boolean>();
  for (const schedule of entered) {
    for (const date of schedule.rest) listed.set(date, false);
    for (const date of schedule.work) listed.set(date, true);
  }
  const years = new Set(entered.map((s) => s.year));
  const statutory = new Map<number, Set<string>>();
  const restByLaw = (date: string): boolean => {
    const year = Number(date.slice(0, 4));
    let days = statutory.get(year);
    if (!days) {
      days = new Set(statutoryHolidays(year).map((h) => h.date));
      statutory.set(year, days);
    }
    return days.has(date);
  };
  const basis = (year: number): CalendarBasis =>
    years.has(year) ? 'entered' : packageCovers(year) ? 'package' : 'estimated';
  return {
    isWorkday(date) {
      const known = listed.get(date);
      if (known !== undefined) return known;
      switch (basis(Number(date.slice(0, 4)))) {
        case 'entered':
          return !isWeekend(date);
        case 'package':
          return chineseDays.isWorkday(date);
        case 'estimated':
          return !isWeekend(date) && !restByLaw(date);
      }
    },
    basis,
    estimated: (date) => !listed.has(date) && basis(Number(date.slice(0, 4))) === 'estimated',
    enteredYears: () => [...years].sort((a, b) => a - b),
  };
}

/** The date itself if it is a workday, else the nearest workday before it. */
export function workdayOnOrBefore(date: string, workday: (d: string) => boolean): string {
  let d = date;
  for (let i = 0; i < 30 && !workday(d); i++) d = addDays(d, -1);
  return d;
}

/** The date itself if it is a workday, else the nearest workday after it. */
export function workdayOnOrAfter(date: string, workday: (d: string) => boolean): string {
  let d = date;
  for (let i = 0; i < 30 && !workday(d); i++) d = addDays(d, 1);
  return d;
}

/** Workdays after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workdaysAfter(from: string, to: string, workday: (d: string) => boolean): number {
  let count = 0;
  // At most a year: a ladder looks back weeks, never further.
  for (let d = addDays(from, 1), i = 0; d <= to && i < 400; d = addDays(d, 1), i++) if (workday(d)) count++;
  return count;
}
