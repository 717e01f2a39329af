// The reminder plan as of a moment, read from the store: what each unit is owed a reminder of today.
import { fulfilledFor } from '../app/status.ts';
import type { Deadline } from '../domain/calendar.ts';
import { localDate } from '../domain/clock.ts';
import { formatPeriod } from '../domain/period.ts';
import { deadlinesAround, type PlannedReminder, reminderPlan } from '../domain/reminders.ts';
import type { Roster } from '../domain/roster.ts';
import type { Fulfilled } from '../domain/status.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { Store } from '../store/store.ts';

/** A queued reminder as the outbox holds it: its key, its item and its recipient. */
export interface QueuedReminder {
  reminder_key: string;
  obligation: string;
  period: string;
  county_id: string;
  partner_id: string;
  unit_id: string;
}

export interface DayPlan {
  roster: Roster;
  today: string;
  /** The reminders of the deadlines around today that go out today. */
  dueToday: PlannedReminder[];
  /** Those the calendar has for today whose items are reported already, so they do not go out. */
  reportedToday: PlannedReminder[];
  /** Whether a queued reminder is still in the plan (its item still owed). */
  isPlanned(queued: QueuedReminder): boolean;
  /** The next date after today a queued reminder's item comes round again for its recipient. */
  nextDate(queued: QueuedReminder): string | null;
  fulfilled: Map<string, Fulfilled[]>;
}

export function deadlineKey(obligation: string, period: string): string {
  return `${obligation}@${period}`;
}

/** Loads what fulfils each deadline around `now`, keyed by obligation and period. */
export async function loadFulfilled(
  store: Store,
  deadlines: readonly Deadline[],
): Promise<Map<string, Fulfilled[]>> {
  const entries = await Promise.all(
    deadlines.map(
      async (d) =>
        [
          deadlineKey(d.obligation.id, formatPeriod(d.period)),
          await fulfilledFor(store, d.obligation, d.period),
        ] as const,
    ),
  );
  return new Map(entries);
}

export async function planDay(store: Store, now: Date, isWorkday: (d: string) => boolean): Promise<DayPlan> {
  const today = localDate(now);
  const roster = await loadRoster(store);
  const deadlines = deadlinesAround(today);
  const fulfilled = await loadFulfilled(store, deadlines);
  const plan = reminderPlan(
    roster,
    deadlines,
    (d) => fulfilled.get(deadlineKey(d.obligation.id, formatPeriod(d.period))) ?? [],
    { isWorkday },
  );
  // Only today's reminders are expanded for the whole roster; a queued one is checked against its item.
  const ofQueued = (q: QueuedReminder) =>
    plan.ofItem({
      obligation: q.obligation,
      period: q.period,
      countyId: q.county_id,
      partnerId: q.partner_id,
    });
  return {
    roster,
    today,
    dueToday: plan.on(today),
    reportedToday: plan.reportedOn(today),
    isPlanned: (q) => ofQueued(q).some((r) => r.key === q.reminder_key),
    nextDate(q) {
      const item = ofQueued(q);
      if (!item.some((r) => r.key === q.reminder_key)) return null;
      return (
        item
          .filter((r) => r.recipient.id === q.unit_id && r.date > today)
          .map((r) => r.date)
          .sort()[0] ?? null
      );
    },
    fulfilled,
  };
}
