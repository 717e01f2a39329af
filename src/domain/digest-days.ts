// When the weekly digest goes: on the first workday of each week while a reporting window is open,
// and on the first workday after each deadline. A deadline's reporting window is the month its due
// date falls in (the quarter's last month for quarterly ledgers, March for the first quarter's
// documents), read from the declared obligations, never from dates written here.
import { type Deadline, deadlinesOfYear } from './calendar.ts';
import { addDays } from './clock.ts';
import { type Period, parsePeriod } from './period.ts';
import { workdayOnOrAfter } from './workdays.ts';

export interface DigestOccasion {
  /** 'weekly' inside a window; 'after_deadline' the first workday after a deadline (also when that
   *  day opens a week). */
  reason: 'weekly' | 'after_deadline';
  /** What a recipient is sent once for: the week (`week:<its Monday>`) and, after a deadline,
   *  `after:<due>`. A day with both sends one card and records both. */
  keys: string[];
  /** The deadlines the digest is about: those whose window is open, or those just passed. */
  deadlines: Deadline[];
  /** The quarter whose status the digest shows (the quarter the deadlines fall due in). */
  period: Period;
}

/** The Monday of a date's Monday–Sunday week. */
export function weekStart(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** The first day of a deadline's reporting window: the first of its due month. */
export function windowStart(deadline: Deadline): string {
  return `${deadline.due.slice(0, 8)}01`;
}

function deadlinesNear(today: string): Deadline[] {
  const year = Number(today.slice(0, 4));
  return [year - 1, year, year + 1].flatMap(deadlinesOfYear);
}

/** The first workday of the week a date is in (null when the whole week rests). */
export function firstWorkdayOfWeek(date: string, isWorkday: (d: string) => boolean): string | null {
  const monday = weekStart(date);
  for (let i = 0; i < 7; i++) {
    const day = addDays(monday, i);
    if (isWorkday(day)) return day;
  }
  return null;
}

/** Whether a digest goes on `today`, and what it is about; null on rest days and outside windows. */
export function digestOccasion(today: string, isWorkday: (d: string) => boolean): DigestOccasion | null {
  if (!isWorkday(today)) return null;
  const near = deadlinesNear(today);
  // Just passed: due before today, and today is the first workday after the due date.
  const passed = near.filter(
    (d) => d.due < today && workdayOnOrAfter(addDays(d.due, 1), isWorkday) === today,
  );
  const opensWeek = firstWorkdayOfWeek(today, isWorkday) === today;
  const open = opensWeek ? near.filter((d) => windowStart(d) <= today && today <= d.due) : [];
  const week = `week:${weekStart(today)}`;
  if (passed.length > 0) {
    const keys = [...new Set(passed.map((d) => `after:${d.due}`))];
    return {
      reason: 'after_deadline',
      keys: opensWeek ? [week, ...keys] : keys,
      deadlines: passed,
      period: quarterOfDate(passed[0]?.due ?? today),
    };
  }
  if (open.length === 0) return null;
  const first = [...open].sort((a, b) => a.due.localeCompare(b.due))[0];
  return {
    reason: 'weekly',
    keys: [week],
    deadlines: open,
    period: quarterOfDate(first?.due ?? today),
  };
}

/** The quarter a date lies in. */
export function quarterOfDate(date: string): Period {
  return (
    parsePeriod(`${date.slice(0, 4)}Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`) ?? {
      year: Number(date.slice(0, 4)),
      quarter: null,
    }
  );
}
