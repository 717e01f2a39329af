// Who is asking, as the reading of a message needs it: the unit's kind, its own county (a county's
// clerk saying 我们县) and whether it fills forms itself (then a ledger named alone means "fill it").
import { OBLIGATIONS } from '../domain/calendar.ts';
import type { Roster, RosterUnit } from '../domain/roster.ts';
import type { Asker } from './understand.ts';

export function askerOf(roster: Roster, unit: RosterUnit): Asker {
  return {
    kind: unit.kind,
    county: unit.kind === 'county' ? unit.name : null,
    fills: OBLIGATIONS.some((o) => owes(roster, unit, o.debtors)),
  };
}

function owes(roster: Roster, unit: RosterUnit, debtors: (typeof OBLIGATIONS)[number]['debtors']): boolean {
  switch (debtors) {
    case 'counties':
    case 'counties_hosting_central_units':
      return unit.kind === 'county';
    case 'lead_units':
      return unit.kind === 'lead_unit';
    case 'regional_pairs':
      // Both sides of a regional pair declare its visits: the county and its helper.
      return (
        unit.kind === 'county' || roster.relations.some((r) => r.kind === 'helps' && r.unitId === unit.id)
      );
  }
}
