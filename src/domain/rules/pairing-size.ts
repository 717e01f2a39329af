// R1: each helper pairs ≥ 5 streets/towns with villages of its key county, a whole-city helper ≥ 8
// (notice 四) — counted from the rows of 附件5, or read from the 结对街道(乡镇) count of 附件3.
import { plainName, townName } from '../place-names.ts';
import { helpsAsWholeCity, type Roster, type RosterUnit, relatedUnits } from '../roster.ts';
import { type Finding, fieldOf, type RuleInput, warning } from './finding.ts';

/** The least number of streets/towns each helper pairs (notice 四). */
export const MINIMUM_TOWNS = { helper: 5, wholeCity: 8 } as const;

/** The least number a helper pairs with this county: whether it helps as a whole city is a roster fact. */
export function minimumTowns(roster: Roster, helperName: string, county: RosterUnit): number {
  const helper = relatedUnits(roster, 'helps', county.id).find(
    (u) => plainName(u.name) === plainName(helperName),
  );
  return helper && helpsAsWholeCity(roster, helper.id, county.id)
    ? MINIMUM_TOWNS.wholeCity
    : MINIMUM_TOWNS.helper;
}

export function pairingSize({ ledger, roster, county, rows }: RuleInput): Finding[] {
  if (ledger.id === 'a5') {
    // Per helper, its distinct towns: "枣阳1街道办事处" and "枣阳1街道" are one town, a school none.
    const towns = new Map<string, Set<string>>();
    for (const row of rows) {
      const helper = plainName(String(row.helper ?? ''));
      const town = townName(String(row.helperUnit ?? ''));
      if (!towns.has(helper)) towns.set(helper, new Set());
      if (town) towns.get(helper)?.add(town);
    }
    return [...towns].flatMap(([helper, set]) => {
      const minimum = minimumTowns(roster, helper, county);
      return set.size < minimum
        ? [warning('R1', 'pairing_too_few', { helper, count: set.size, minimum })]
        : [];
    });
  }
  if (ledger.id === 'a3') {
    return rows.flatMap((row, i) => {
      const helper = String(row.helper ?? '');
      const count = Number(row.pairedTowns ?? 0);
      const minimum = minimumTowns(roster, helper, county);
      return count < minimum
        ? [
            {
              ...warning('R1', 'pairing_too_few', { helper, count, minimum }),
              row: i + 1,
              ...fieldOf(ledger, 'pairedTowns'),
            },
          ]
        : [];
    });
  }
  return [];
}
