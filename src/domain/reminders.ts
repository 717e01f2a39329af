// The reminder plan: from the calendar, the roster, what was submitted and the day, which unit is
// reminded of what. Before the deadline (7, 3, 1 days by default), on the due day, and after it weekly
// — the county again and, on the first workday after the deadline, its lead unit and city. A reminder
// that falls on a rest day moves to the workday before (after, for reminders after the deadline).

import { type Deadline, deadlinesOfYear, type Owed, owedFor } from './calendar.ts';
import { addDays, daysBetween } from './clock.ts';
import type { Roster, RosterUnit } from './roster.ts';
import { findUnit, relatedUnits } from './roster.ts';
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

/** One owed item: an obligation and period for a county (and, for M3, its partner; '' otherwise). */
export interface OwedItem {
  obligation: string;
  period: string;
  countyId: string;
  partnerId: string;
}

/** The reminders of a set of deadlines, expanded only where asked: a national roster owes hundreds of
 *  thousands over a quarter, while a sweep needs one day's and those of the items it is sending. */
export interface ReminderPlan {
  /** The reminders going out on `date`. */
  on(date: string): PlannedReminder[];
  /** The reminders that would go out on `date` but for their items being reported already. */
  reportedOn(date: string): PlannedReminder[];
  /** Every reminder of one item, or none when it is no longer owed (or never was). */
  ofItem(item: OwedItem): PlannedReminder[];
  /** Every reminder of every deadline. */
  all(): PlannedReminder[];
}

interface Slot {
  kind: ReminderKind;
  occurrence: number;
  date: string;
}

interface DeadlineGroup {
  owed: Owed[];
  /** Owed by the roster but fulfilled: no reminders, though the calendar had some. */
  reported: Owed[];
  schedule: Slot[];
  dates: ReadonlySet<string>;
}

const itemKey = (i: OwedItem): string => `${i.obligation}|${i.period}|${i.countyId}|${i.partnerId}`;

/**
 * The reminder plan of these deadlines for what is still owed, given what was fulfilled
 * (`fulfilled(deadline)`, as status uses it). At most one per owed item, recipient and date. The dates
 * depend only on the deadline, so they are worked out once per deadline, not once per county.
 */
export function reminderPlan(
  roster: Roster,
  deadlines: readonly Deadline[],
  fulfilled: (deadline: Deadline) => readonly Fulfilled[],
  options: PlanOptions,
): ReminderPlan {
  const weeks = options.overdueWeeks ?? DEFAULT_OVERDUE_WEEKS;
  const workdays = new Map<string, boolean>();
  const isWorkday = (date: string): boolean => {
    let known = workdays.get(date);
    if (known === undefined) {
      known = options.isWorkday(date);
      workdays.set(date, known);
    }
    return known;
  };
  const groups: DeadlineGroup[] = deadlines.map((deadline) => {
    const done = new Set(
      fulfilled(deadline)
        .filter(counts)
        .map((f) => `${f.countyId}|${f.partner ?? ''}`),
    );
    const all = owedFor(roster, deadline.obligation, deadline.period);
    const isDone = (o: Owed) => done.has(`${o.county.id}|${o.partner?.name ?? ''}`);
    const owed = all.filter((o) => !isDone(o));
    const schedule = scheduleOf(
      owed[0]?.due ?? deadline.due,
      deadline.obligation.remindBeforeDays,
      weeks,
      isWorkday,
    );
    return {
      owed,
      reported: all.filter(isDone),
      schedule,
      dates: new Set(schedule.map((s) => s.date)),
    };
  });
  let items: Map<string, { owed: Owed; schedule: Slot[] }> | undefined;
  // Only the slots on that date: "one per recipient and date" never compares different dates.
  const onDate = (date: string, of: (g: DeadlineGroup) => readonly Owed[]) =>
    groups.flatMap((g) => {
      if (!g.dates.has(date)) return [];
      const slots = g.schedule.filter((s) => s.date === date);
      return of(g).flatMap((owed) => remindersOf(roster, owed, slots));
    });
  return {
    on: (date) => onDate(date, (g) => g.owed),
    reportedOn: (date) => onDate(date, (g) => g.reported),
    ofItem(item) {
      items ??= new Map(
        groups.flatMap((g) =>
          g.owed.map((owed) => [
            itemKey({
              obligation: owed.obligation,
              period: owed.period,
              countyId: owed.county.id,
              partnerId: owed.partner?.id ?? '',
            }),
            { owed, schedule: g.schedule },
          ]),
        ),
      );
      const found = items.get(itemKey(item));
      return found ? remindersOf(roster, found.owed, found.schedule) : [];
    },
    all: () => groups.flatMap((g) => g.owed.flatMap((owed) => remindersOf(roster, owed, g.schedule))),
  };
}

/** Every reminder of these deadlines for what is still owed (the whole plan, expanded). */
export function planReminders(
  roster: Roster,
  deadlines: readonly Deadline[],
  fulfilled: (deadline: Deadline) => readonly Fulfilled[],
  options: PlanOptions,
): PlannedReminder[] {
  return reminderPlan(roster, deadlines, fulfilled, options).all();
}

/** Before the deadline, on the due day, then weekly after it — each moved off rest days. */
function scheduleOf(
  due: string,
  offsets: readonly number[],
  weeks: number,
  isWorkday: (d: string) => boolean,
): Slot[] {
  const schedule: Slot[] = [
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
  return schedule;
}

/** One item's reminders on (some of) its deadline's schedule. */
function remindersOf(roster: Roster, owed: Owed, schedule: readonly Slot[]): PlannedReminder[] {
  const due = owed.due;
  const escalateTo =
    owed.debtors.some((d) => d.kind === 'county') && schedule.some((s) => s.kind === 'overdue')
      ? escalationUnits(roster, owed.county)
      : [];
  const reminders: PlannedReminder[] = [];
  const taken = new Set<string>();
  for (const recipient of owed.debtors) {
    for (const s of schedule) add(recipient, s.kind, s.occurrence, s.date);
  }
  for (const recipient of escalateTo) {
    for (const s of schedule) if (s.kind === 'overdue') add(recipient, 'escalation', s.occurrence, s.date);
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
  const city = county.cityId ? findUnit(roster, county.cityId) : undefined;
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
  // The earliest date after today per item and recipient, then each reminder looks its group up.
  const earliest = new Map<Owed, Map<string, string | null>>();
  for (const r of plan) {
    const byRecipient = earliest.get(r.owed) ?? new Map<string, string | null>();
    earliest.set(r.owed, byRecipient);
    const best = byRecipient.get(r.recipient.id) ?? null;
    if (r.date > today && (best === null || r.date < best)) byRecipient.set(r.recipient.id, r.date);
    else if (!byRecipient.has(r.recipient.id)) byRecipient.set(r.recipient.id, null);
  }
  return new Map(plan.map((r) => [r.key, earliest.get(r.owed)?.get(r.recipient.id) ?? null]));
}
