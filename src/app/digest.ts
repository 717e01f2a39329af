// The weekly digest's figures for the units that receive it (the bureau, a city): the status of the
// period's obligations read once, then cut to each unit's scope.
import { type DigestFigures, digestFigures } from '../domain/digest.ts';
import { formatPeriod, type Period } from '../domain/period.ts';
import { type Roster, type RosterUnit, scopeOf } from '../domain/roster.ts';
import { unreadCards } from '../store/receipts-repo.ts';
import type { Store } from '../store/store.ts';
import { statusReport } from './status.ts';

/** Unread reminders are the reminder cards of the last week that their platform last said were unread
 *  (reminders/readings.ts asks). A week: what is older has been followed by newer cards. */
const UNREAD_WINDOW_DAYS = 7;

/** Units that receive the digest: the bureau and the cities (a county or lead unit sees its own). */
export function receivesDigest(unit: RosterUnit): boolean {
  return unit.kind === 'bureau' || unit.kind === 'city';
}

export interface Digest {
  unit: RosterUnit;
  period: Period;
  figures: DigestFigures;
  /** Unread reminder cards about a county of the unit's scope. */
  unread: number;
}

export async function digestsFor(
  store: Store,
  roster: Roster,
  units: readonly RosterUnit[],
  period: Period,
  now: Date,
): Promise<Digest[]> {
  if (units.length === 0) return [];
  const status = await statusReport(store, { period: formatPeriod(period), summary: false }, now);
  if (!status.ok) return [];
  // Read once for every unit, then counted per scope.
  const since = new Date(now.getTime() - UNREAD_WINDOW_DAYS * 86_400_000).toISOString();
  const unread = await unreadCards(store, since);
  return units.map((unit) => {
    const scope = scopeOf(roster, unit);
    const inScope = new Set(scope.countyIds);
    return {
      unit,
      period,
      figures: digestFigures(
        roster,
        status.report.obligations,
        scope,
        unit.kind === 'bureau' ? 'city' : 'county',
      ),
      unread: unread.filter((card) => card.counties.some((county) => inScope.has(county))).length,
    };
  });
}
