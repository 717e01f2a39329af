// Who owes an obligation is a rule over the roster (calendar.ts). Where the roster lacks the units a
// rule needs — a county without a lead unit owes 首次联席会议 to nobody, a county without a helper is in
// no regional pair at all — nobody is asked or reminded, and a count of what is owed hides it. These
// gaps are listed by name wherever obligations are shown (calendar, roster check).
import {
  appliesTo,
  DEBTOR_RELATIONS,
  type DebtorRule,
  OBLIGATIONS,
  type ObligationSpec,
} from './calendar.ts';
import {
  counties,
  RELATION_UNIT_KIND,
  type RelationKind,
  type Roster,
  type RosterUnit,
  relatedUnits,
  type UnitKind,
} from './roster.ts';

export interface DebtorGap {
  obligation: ObligationSpec;
  /** The kind of unit the roster lacks for these counties (lead_unit, helper). */
  missing: UnitKind;
  counties: RosterUnit[];
}

const RELATION_OF: Partial<Record<DebtorRule, RelationKind>> = DEBTOR_RELATIONS;

/** The counties whose part of an obligation has no debtor in the roster, if any. */
export function debtorGap(roster: Roster, obligation: ObligationSpec): DebtorGap | null {
  const relation = RELATION_OF[obligation.debtors];
  if (!relation) return null;
  const lacking = counties(roster).filter(
    (c) => appliesTo(obligation, c) && relatedUnits(roster, relation, c.id).length === 0,
  );
  return lacking.length > 0 ? { obligation, missing: RELATION_UNIT_KIND[relation], counties: lacking } : null;
}

/** Every obligation's gap, in the order the obligations are declared. */
export function debtorGaps(roster: Roster): DebtorGap[] {
  return OBLIGATIONS.flatMap((o) => debtorGap(roster, o) ?? []);
}
