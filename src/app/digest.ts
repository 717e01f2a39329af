// The weekly digest's figures for the units that receive it (the bureau, a city): the status of the
// period's obligations read once, then cut to each unit's scope.
import { type DigestFigures, digestFigures } from '../domain/digest.ts';
import { formatPeriod, type Period } from '../domain/period.ts';
import { type Roster, type RosterUnit, scopeOf } from '../domain/roster.ts';
import { unreadCards } from '../store/receipts-repo.ts';
import type { Store } from '../store/store.ts';
import { statusReport } from './status.ts';

/** How many reminders to the units of a scope are still unread; null where no platform can tell. */
export type UnreadReminders = (countyIds: readonly string[], now: Date) => Promise<number | null>;

/** The reminder cards of the last week, about a county of the scope, that their platform last said were
 *  unread (reminders/readings.ts asks). A week: what is older has been followed by newer cards. */
export function storedUnreadReminders(store: Store): UnreadReminders {
  return async (countyIds, now) => {
    const since = new Date(now.getTime() - UNREAD_WINDOW_DAYS * 86_400_000).toISOString();
    const inScope = new Set(countyIds);
    const cards = await unreadCards(store, since);
    return cards.filter((card) => card.counties.some((county) => inScope.has(county))).length;
  };
}

const UNREAD_WINDOW_DAYS = 7;

/** Units that receive the digest: the bureau and the cities (a county or lead unit sees its own). */
export function receivesDigest(unit: RosterUnit): boolean {
  return unit.kind === 'bureau' || unit.kind === 'city';
}

export interface Digest {
  unit: RosterUnit;
  period: Period;
  figures: DigestFigures;
  /** Unread reminders in the unit's scope (null: no platform can tell). */
  unread: number | null;
}

export async function digestsFor(
  store: Store,
  roster: Roster,
  units: readonly RosterUnit[],
  period: Period,
  now: Date,
): Promise<Digest[]> {
  if (units.length === 0) return [];
  const unread = storedUnreadReminders(store);
  const status = await statusReport(store, { period: formatPeriod(period), summary: false }, now);
  if (!status.ok) return [];
  return Promise.all(
    units.map(async (unit) => {
      const scope = scopeOf(roster, unit);
      return {
        unit,
        period,
        figures: digestFigures(
          roster,
          status.report.obligations,
          scope,
          unit.kind === 'bureau' ? 'city' : 'county',
        ),
        unread: await unread(scope.countyIds, now),
      };
    }),
  );
}
