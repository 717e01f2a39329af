// What the weekly digest says, as plain data: completion per obligation, who is overdue (by city for
// the bureau, by county for a city), which returned sheets wait for correction. A pure function of
// the status of the period's obligations and the recipient's scope.
import { findUnit, inScope, type Roster, type Scope } from './roster.ts';
import type { ObligationStatus, OwedStatus } from './status.ts';

export interface DigestLine {
  obligation: string;
  name: string;
  due: string;
  total: number;
  reported: number;
  returned: number;
  overdue: number;
  rate: number;
}

export interface DigestFigures {
  lines: DigestLine[];
  /** Overdue items per city (bureau) or per county (city), most first. */
  overdueBy: { place: string; count: number }[];
  /** Sheets sent back and not yet sent again. */
  returned: { county: string; obligation: string }[];
  owed: number;
  reported: number;
  overdue: number;
}

export function digestFigures(
  roster: Roster,
  statuses: readonly ObligationStatus[],
  scope: Scope,
  groupBy: 'city' | 'county',
): DigestFigures {
  const mine = (items: readonly OwedStatus[]) =>
    items.filter((i) => scope.all || inScope(scope, i.owed.county.id));
  const lines = statuses
    .map((s): DigestLine => {
      const items = mine(s.items);
      const reported = items.filter((i) => i.state === 'reported').length;
      return {
        obligation: s.obligation.id,
        name: s.obligation.shortName,
        due: s.due,
        total: items.length,
        reported,
        returned: items.filter((i) => i.state === 'returned').length,
        overdue: items.filter((i) => i.daysOverdue > 0).length,
        rate: items.length === 0 ? 1 : reported / items.length,
      };
    })
    .filter((l) => l.total > 0);
  const all = statuses.flatMap((s) => mine(s.items).map((item) => ({ item, status: s })));
  const placeOf = (item: OwedStatus) =>
    groupBy === 'county'
      ? item.owed.county.name
      : (findUnit(roster, item.owed.county.cityId ?? '')?.name ?? item.owed.county.name);
  const overdue = new Map<string, number>();
  for (const { item } of all)
    if (item.daysOverdue > 0) overdue.set(placeOf(item), (overdue.get(placeOf(item)) ?? 0) + 1);
  return {
    lines,
    overdueBy: [...overdue]
      .map(([place, count]) => ({ place, count }))
      .sort((a, b) => b.count - a.count || a.place.localeCompare(b.place, 'zh-CN')),
    returned: all
      .filter(({ item }) => item.state === 'returned')
      .map(({ item, status }) => ({
        county: item.owed.county.name,
        obligation: status.obligation.shortName,
      })),
    owed: lines.reduce((n, l) => n + l.total, 0),
    reported: lines.reduce((n, l) => n + l.reported, 0),
    overdue: lines.reduce((n, l) => n + l.overdue, 0),
  };
}
