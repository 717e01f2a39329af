// The reminder plan: from the calendar, the roster, what was submitted and the day, which unit is
// reminded of what. Before the deadline (7, 3, 1 days by default), on the due day, and after it weekly
// — the county again and, on the first workday after the deadline, its lead unit and city. A reminder
// that falls on a rest day moves to the workday before (after, for reminders after the deadline).

import { type Deadline, deadlinesOfYear, type Owed, owedFor } from './calendar.ts';
import { addDays, daysBetween } from './clock.ts';
import type { Roster, RosterUnit } from './roster.ts';
import { relatedUnits } from './roster.ts';
import { counts, type Fulfilled } from './status.ts';
import { workdayOnOrAfter, workdayOnOrBefore } from './workdays.ts';

export type ReminderKind = 'before' | 'due' | 'overdue' | 'escalation';

export interface PlannedReminder {
  /** Unique per recipient: obligation, period, county, partner, kind and occurrence. */
  key: string;
  recipient: RosterUnit;
  owed: Owed;
  kind: ReminderKind;
  /** Days before the deadline for 'before'; the week after it (0, 1, …) for 'overdue' and 'escalation'. */
  occurrence: number;
  /** The local date it goes out. */
  date: string;
  /** Days from `date` to the due date (negative once late). */
  daysLeft: number;
}

export interface PlanOptions {
  isWorkday: (date: string) => boolean;
  /** How long after the deadline weekly reminders continue. */
  overdueWeeks?: number;
}

const DEFAULT_OVERDUE_WEEKS = 12;

/** The deadlines whose reminders can fall on `today`: due within ~3 months before to a month after. */
export function deadlinesAround(today: string, overdueWeeks = DEFAULT_OVERDUE_WEEKS): Deadline[] {
  const year = Number(today.slice(0, 4));
  const from = addDays(today, -(overdueWeeks * 7 + 14));
  const to = addDays(today, 40);
  return [year - 1, year, year + 1].flatMap(deadlinesOfYear).filter((d) => d.due >= from && d.due <= to);
}

/**
 * Every reminder of these deadlines for what is still owed, given what was fulfilled
 * (`fulfilled(deadline)`, as status uses it). At most one per owed item, recipient and date.
 */
export function planReminders(
  roster: Roster,
  deadlines: readonly Deadline[],
  fulfilled: (deadline: Deadline) => readonly Fulfilled[],
  options: PlanOptions,
): PlannedReminder[] {
  const weeks = options.overdueWeeks ?? DEFAULT_OVERDUE_WEEKS;
  return deadlines.flatMap((deadline) => {
    const done = new Set(
      fulfilled(deadline)
        .filter(counts)
        .map((f) => `${f.countyId}|${f.partner ?? ''}`),
    );
    return owedFor(roster, deadline.obligation, deadline.period)
      .filter((o) => !done.has(`${o.county.id}|${o.partner?.name ?? ''}`))
      .flatMap((owed) =>
        remindersOf(roster, owed, deadline.obligation.remindBeforeDays, weeks, options.isWorkday),
      );
  });
}

function remindersOf(
  roster: Roster,
  owed: Owed,
  offsets: readonly number[],
  weeks: number,
  isWorkday: (d: string) => boolean,
): PlannedReminder[] {
  const due = owed.due;
  const schedule: { kind: ReminderKind; occurrence: number; date: string }[] = [
    ...[...offsets]
      .sort((a, b) => b - a)
      .map((d) => ({
        kind: 'before' as const,
        occurrence: d,
        date: workdayOnOrBefore(addDays(due, -d), isWorkday),
      })),
    { kind: 'due', occurrence: 0, date: workdayOnOrBefore(due, isWorkday) },
  ];
  const firstAfter = workdayOnOrAfter(addDays(due, 1), isWorkday);
  for (let week = 0; week < weeks; week++) {
    schedule.push({
      kind: 'overdue',
      occurrence: week,
      date: workdayOnOrAfter(addDays(firstAfter, 7 * week), isWorkday),
    });
  }
  const escalateTo = owed.debtors.some((d) => d.kind === 'county')
    ? escalationUnits(roster, owed.county)
    : [];
  const reminders: PlannedReminder[] = [];
  const taken = new Set<string>();
  for (const recipient of owed.debtors) {
    for (const s of schedule) add(recipient, s.kind, s.occurrence, s.date);
  }
  for (const recipient of escalateTo) {
    for (const s of schedule.filter((x) => x.kind === 'overdue'))
      add(recipient, 'escalation', s.occurrence, s.date);
  }
  return reminders;

  function add(recipient: RosterUnit, kind: ReminderKind, occurrence: number, date: string): void {
    // One per recipient and date for the same item: a holiday can push two onto one workday.
    const slot = `${recipient.id}|${date}`;
    if (taken.has(slot)) return;
    taken.add(slot);
    const partner = owed.partner?.id ?? '-';
    reminders.push({
      key: `${owed.obligation}:${owed.period}:${owed.county.id}:${partner}:${recipient.id}:${kind}:${occurrence}`,
      recipient,
      owed,
      kind,
      occurrence,
      date,
      daysLeft: daysBetween(date, due),
    });
  }
}

/** Who hears that a county is late: its lead unit(s) and its city. */
function escalationUnits(roster: Roster, county: RosterUnit): RosterUnit[] {
  const city = roster.units.find((u) => u.id === county.cityId);
  return [...relatedUnits(roster, 'leads', county.id), ...(city ? [city] : [])];
}

/**
 * For each planned reminder (by key), the next date after `today` on which the same item is reminded to
 * the same recipient again — what a reminder card tells its reader. One pass over the plan.
 */
export function nextReminderDates(
  plan: readonly PlannedReminder[],
  today: string,
): Map<string, string | null> {
  const datesByItem = new Map<Owed, Map<string, string[]>>();
  for (const r of plan) {
    const byRecipient = datesByItem.get(r.owed) ?? new Map<string, string[]>();
    datesByItem.set(r.owed, byRecipient);
    const dates = byRecipient.get(r.recipient.id) ?? [];
    dates.push(r.date);
    byRecipient.set(r.recipient.id, dates);
  }
  const next = new Map<string, string | null>();
  for (const r of plan) {
    const dates = datesByItem.get(r.owed)?.get(r.recipient.id) ?? [];
    next.set(r.key, dates.filter((d) => d > today).sort()[0] ?? null);
  }
  return next;
}
