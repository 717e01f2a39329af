// A sheet may hold several counties (the bureau's own workbook): its rows are split by the county
// column, and a county the sender may not write for is refused at its row before anything is checked.
import type { LedgerSpec } from '../domain/ledgers/types.ts';
import type { Problem } from '../domain/problem.ts';
import { findCountyByName, inScope, type Roster, type RosterUnit, scopeOf } from '../domain/roster.ts';
import { type ExcelProblem, fromProblem } from './problems.ts';
import type { DataRow } from './read.ts';

export interface CountyRows {
  county: RosterUnit;
  rows: DataRow[];
}

export interface Grouped {
  groups: CountyRows[];
  problems: ExcelProblem[];
}

export function groupByCounty(
  roster: Roster,
  sender: RosterUnit,
  ledger: LedgerSpec,
  sheet: string,
  rows: readonly DataRow[],
): Grouped {
  const groups = new Map<string, CountyRows>();
  const problems: ExcelProblem[] = [];
  const label = ledger.fields.find((f) => f.fromContext === 'county')?.label;
  for (const row of rows) {
    const found = countyOf(roster, sender, row.county);
    if (!found.ok) {
      problems.push(fromProblem(sheet, [row.excelRow], { ...found.problem, row: 1, label }));
      continue;
    }
    const group = groups.get(found.county.id) ?? { county: found.county, rows: [] };
    group.rows.push(row);
    groups.set(found.county.id, group);
  }
  return { groups: [...groups.values()], problems };
}

type Found = { ok: true; county: RosterUnit } | { ok: false; problem: Problem };

/** A blank county cell is the sender's own county; a named one must be one the sender may write for. */
function countyOf(roster: Roster, sender: RosterUnit, named: string | null): Found {
  if (named === null || named === '') {
    return sender.kind === 'county'
      ? { ok: true, county: sender }
      : { ok: false, problem: { code: 'county_required' } };
  }
  const county = findCountyByName(roster, named);
  if (!county) return { ok: false, problem: { code: 'county_unknown', params: { got: named.slice(0, 40) } } };
  const allowed =
    sender.kind === 'bureau' ||
    (sender.kind === 'county' ? county.id === sender.id : inScope(scopeOf(roster, sender), county.id));
  return allowed
    ? { ok: true, county }
    : { ok: false, problem: { code: 'out_of_scope', params: { county: county.name } } };
}
