// The weekly digest's figures for the units that receive it (the bureau, a city): the status of the
// period's obligations read once, then cut to each unit's scope.
import { type DigestFigures, digestFigures } from '../domain/digest.ts';
import { formatPeriod, type Period } from '../domain/period.ts';
import { type Roster, type RosterUnit, scopeOf } from '../domain/roster.ts';
import type { Store } from '../store/store.ts';
import { statusReport } from './status.ts';

/**
 * How many reminders to the units of a scope are still unread. A seam for read receipts (issue 24,
 * part 1): until receipts are kept there is no such count, and the digest leaves the line out.
 */
export type UnreadReminders = (countyIds: readonly string[], now: Date) => Promise<number | null>;

export const NO_RECEIPTS_YET: UnreadReminders = async () => null;

/** Units that receive the digest: the bureau and the cities (a county or lead unit sees its own). */
export function receivesDigest(unit: RosterUnit): boolean {
  return unit.kind === 'bureau' || unit.kind === 'city';
}

export interface Digest {
  unit: RosterUnit;
  period: Period;
  figures: DigestFigures;
  /** Unread reminders in the unit's scope; null while the platforms' receipts are not read. */
  unread: number | null;
}

export async function digestsFor(
  store: Store,
  roster: Roster,
  units: readonly RosterUnit[],
  period: Period,
  now: Date,
  unread: UnreadReminders = NO_RECEIPTS_YET,
): Promise<Digest[]> {
  if (units.length === 0) return [];
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
