// What a new sheet starts with, so a clerk only changes what moved: last quarter's year-to-date rows
// (or last year's pairings for an annual sheet), else one row per partner from the roster; 计划
// figures from the year's signed pledge (附件6/7) where they are still blank.
import type { LedgerSpec, RowValues } from './ledgers/types.ts';
import { type Period, previousQuarterInYear } from './period.ts';
import { type Roster, type RosterUnit, relatedUnits } from './roster.ts';

/** The period a new sheet is prefilled from: the previous quarter of the year, or last year for annual sheets. */
export function prefillSource(ledger: LedgerSpec, period: Period): Period | null {
  if (ledger.cadence === 'annual')
    return ledger.rows === 'many' ? { year: period.year - 1, quarter: null } : null;
  return previousQuarterInYear(period);
}

export function prefillRows(input: {
  ledger: LedgerSpec;
  roster: Roster;
  county: RosterUnit;
  previous: readonly RowValues[] | null;
  targets: readonly RowValues[];
  targetLedger: LedgerSpec | null;
}): RowValues[] {
  const { ledger, roster, county, previous, targets, targetLedger } = input;
  const keyField = ledger.rowKey[0];
  const partners = (ledger.partnersFrom ?? []).flatMap((kind) =>
    relatedUnits(roster, kind, county.id).map((u) => u.name),
  );
  const base: RowValues[] =
    previous && previous.length > 0
      ? previous.map((r) => ({ ...r }))
      : keyField && ledger.rows === 'per_partner'
        ? [...new Set(partners)].map((name) => ({ [keyField]: name }))
        : [];
  const map = ledger.targetsFrom?.map;
  const targetKey = targetLedger?.rowKey[0];
  if (!map || !keyField || !targetKey) return base;
  return base.map((row) => {
    const pledge = targets.find((t) => t[targetKey] === row[keyField]);
    if (!pledge) return row;
    const filled = { ...row };
    for (const [target, sources] of Object.entries(map)) {
      if (filled[target] === undefined || filled[target] === null) {
        filled[target] = sources.reduce((sum, k) => sum + Number(pledge[k] ?? 0), 0);
      }
    }
    return filled;
  });
}
