// The reminder plan as of a moment, read from the store: what each unit is owed a reminder of today.
import { fulfilledFor } from '../app/status.ts';
import type { Deadline } from '../domain/calendar.ts';
import { localDate } from '../domain/clock.ts';
import { formatPeriod } from '../domain/period.ts';
import {
  deadlinesAround,
  nextReminderDates,
  type PlannedReminder,
  planReminders,
} from '../domain/reminders.ts';
import type { Roster } from '../domain/roster.ts';
import type { Fulfilled } from '../domain/status.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { Store } from '../store/store.ts';

export interface DayPlan {
  roster: Roster;
  today: string;
  /** Every reminder of the deadlines around today (for "next reminder" dates). */
  plan: PlannedReminder[];
  /** Those that go out today. */
  dueToday: PlannedReminder[];
  planKeys: ReadonlySet<string>;
  /** The next date after today each planned reminder's item comes round again for its recipient. */
  nextDate(reminderKey: string): string | null;
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
  const plan = planReminders(
    roster,
    deadlines,
    (d) => fulfilled.get(deadlineKey(d.obligation.id, formatPeriod(d.period))) ?? [],
    { isWorkday },
  );
  const next = nextReminderDates(plan, today);
  return {
    roster,
    today,
    plan,
    dueToday: plan.filter((r) => r.date === today),
    planKeys: new Set(plan.map((r) => r.key)),
    nextDate: (key) => next.get(key) ?? null,
    fulfilled,
  };
}
