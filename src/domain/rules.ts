// The policy rules R1–R6 of DESIGN §3. Each returns findings: an error refuses the submission, a
// warning is shown and kept with it. Messages (quoting the notice) are in prompts/; here only facts.
import { displayValue } from './ledgers/display.ts';
import type { LedgerSpec, RowValues } from './ledgers/types.ts';
import { type Roster, type RosterUnit, relatedUnits, WHOLE_CITY_HELPERS } from './roster.ts';

export type RuleId = 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6';
export type Severity = 'error' | 'warning';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  code: string;
  /** 1-based row within the sheet. */
  row?: number;
  field?: string;
  label?: string;
  params: Record<string, string | number>;
}

export interface RuleInput {
  ledger: LedgerSpec;
  roster: Roster;
  county: RosterUnit;
  /** Period label of the sheet ("2023Q2"), for messages. */
  period: string;
  rows: readonly RowValues[];
  /** The current rows of the previous quarter of the same year (R4), if any were reported. */
  previousQuarter: { period: string; rows: readonly RowValues[] } | null;
  /** The current rows of the same period last year (R3), if any were reported. */
  lastYear: { period: string; rows: readonly RowValues[] } | null;
}

export function checkRules(input: RuleInput): Finding[] {
  return [
    ...pairingSize(input),
    ...stationedVillages(input),
    ...growsOnLastYear(input),
    ...yearToDateNeverFalls(input),
    ...breakdownsAddUp(input),
    ...centralUnitsOnly(input),
  ];
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/**
 * The fields of its row a finding was worked out from: a breakdown reads its total and every part,
 * a part its whole; any other finding reads the one field it names. A sheet whose fields fail to
 * parse still gets the findings that read none of them (submission.ts), so a person fixes all in one round.
 */
export function fieldsRead(ledger: LedgerSpec, finding: Finding): string[] {
  if (!finding.field) return [];
  if (finding.rule === 'R5') {
    const check = ledger.checks.find((c) =>
      c.kind === 'sum' ? c.total === finding.field : c.part === finding.field,
    );
    if (check) return check.kind === 'sum' ? [check.total, ...check.parts] : [check.part, check.whole];
  }
  return [finding.field];
}

/** The key that identifies a row within one county's sheet. */
export function rowKeyOf(ledger: LedgerSpec, row: RowValues): string {
  return `#${ledger.rowKey.map((k) => String(row[k] ?? '')).join('\u001f')}`;
}

const TOWN = /(街道|镇|乡)$/;

/** The least number of streets/towns a helper pairs (notice 四). */
export function minimumTowns(roster: Roster, helperName: string, county: RosterUnit): number {
  const helper = relatedUnits(roster, 'helps', county.id).find((u) => u.name === helperName);
  const wholeCity =
    WHOLE_CITY_HELPERS.includes(helperName) ||
    (helper !== undefined &&
      roster.relations.some((r) => r.kind === 'helps' && r.unitId === helper.id && r.wholeCity));
  return wholeCity ? 8 : 5;
}

/** R1: each helper pairs ≥ 5 streets/towns (≥ 8 for a whole-city helper) — 附件5 rows, 附件3 counts. */
function pairingSize({ ledger, roster, county, rows }: RuleInput): Finding[] {
  if (ledger.id === 'a5') {
    const towns = new Map<string, Set<string>>();
    for (const row of rows) {
      const helper = String(row.helper ?? '');
      const unit = String(row.helperUnit ?? '');
      if (!towns.has(helper)) towns.set(helper, new Set());
      if (TOWN.test(unit)) towns.get(helper)?.add(unit);
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

/** R2: a village where a provincial unit is stationed is not a regional-pairing village (notice 四). */
function stationedVillages({ ledger, roster, county, rows }: RuleInput): Finding[] {
  if (ledger.id !== 'a5') return [];
  const stationed = roster.villages
    .filter((v) => v.countyId === county.id)
    .map((v) => villageName(v.village));
  return rows.flatMap((row, i) => {
    const village = String(row.countyUnit ?? '');
    return stationed.includes(villageName(village))
      ? [{ ...warning('R2', 'stationed_village', { village }), row: i + 1, ...fieldOf(ledger, 'countyUnit') }]
      : [];
  });
}

function villageName(text: string): string {
  return text.replace(/\s+/g, '').replace(/(村|社区)(委会|民委员会|居委会)?$/, '');
}

/** The figures that must grow on last year (notice 二; 附件7 六), per ledger. */
const GROWTH: Partial<Record<LedgerSpec['id'], readonly string[]>> = {
  a3: ['aidPlanned', 'aidActual', 'enterprises', 'investment', 'investmentJobs', 'socialFunds'],
  a7: ['aid'],
};

/** R3: regional-cooperation fiscal aid and investment grow on the same period last year. */
function growsOnLastYear({ ledger, rows, lastYear }: RuleInput): Finding[] {
  const keys = GROWTH[ledger.id];
  if (!keys || !lastYear) return [];
  const before = indexByKey(ledger, lastYear.rows);
  return rows.flatMap((row, i) => {
    const old = before.get(rowKeyOf(ledger, row));
    if (!old) return [];
    return keys.flatMap((key) => {
      const now = Number(row[key] ?? 0);
      const then = Number(old[key] ?? 0);
      return then > 0 && now <= then
        ? [
            {
              ...warning('R3', 'not_growing', {
                now: show(ledger, key, now),
                before: show(ledger, key, then),
                lastPeriod: lastYear.period,
              }),
              row: i + 1,
              ...fieldOf(ledger, key),
            },
          ]
        : [];
    });
  });
}

/** R4: year-to-date figures never fall from one quarter to the next. */
export function yearToDateNeverFalls({ ledger, rows, previousQuarter }: RuleInput): Finding[] {
  if (!previousQuarter) return [];
  const cumulative = ledger.fields.filter((f) => f.cumulative);
  const before = indexByKey(ledger, previousQuarter.rows);
  const now = new Set(rows.map((r) => rowKeyOf(ledger, r)));
  const falls = rows.flatMap((row, i) => {
    const old = before.get(rowKeyOf(ledger, row));
    if (!old) return [];
    return cumulative.flatMap((f) => {
      const value = Number(row[f.key] ?? 0);
      const then = Number(old[f.key] ?? 0);
      return value < then
        ? [
            {
              ...error('R4', 'ytd_fell', {
                now: show(ledger, f.key, value),
                before: show(ledger, f.key, then),
                lastPeriod: previousQuarter.period,
              }),
              row: i + 1,
              ...fieldOf(ledger, f.key),
            },
          ]
        : [];
    });
  });
  const dropped = [...before]
    .filter(([key]) => !now.has(key))
    .map(([, row]) =>
      warning('R4', 'row_dropped', { row: describeRow(ledger, row), lastPeriod: previousQuarter.period }),
    );
  return [...falls, ...dropped];
}

/** R5: breakdowns add up (e.g. the five training kinds of 附件2), and a part is within its whole. */
function breakdownsAddUp({ ledger, rows }: RuleInput): Finding[] {
  return rows.flatMap((row, i) =>
    ledger.checks.flatMap((check) => {
      if (check.kind === 'sum') {
        const total = Number(row[check.total] ?? 0);
        const sum = check.parts.reduce((s, k) => s + Number(row[k] ?? 0), 0);
        const parts = check.parts.map((k) => labelOf(ledger, k)).join('、');
        return sum === total
          ? []
          : [
              {
                ...error('R5', 'sum_mismatch', {
                  total: show(ledger, check.total, total),
                  sum: show(ledger, check.total, sum),
                  parts,
                }),
                row: i + 1,
                ...fieldOf(ledger, check.total),
              },
            ];
      }
      const whole = Number(row[check.whole] ?? 0);
      const part = Number(row[check.part] ?? 0);
      return part <= whole
        ? []
        : [
            {
              ...error('R5', 'part_exceeds_whole', {
                part: show(ledger, check.part, part),
                whole: show(ledger, check.whole, whole),
                wholeLabel: labelOf(ledger, check.whole),
              }),
              row: i + 1,
              ...fieldOf(ledger, check.part),
            },
          ];
    }),
  );
}

/** R6: 附件1 (and D2) concern only the counties that host central units. */
function centralUnitsOnly({ ledger, county }: RuleInput): Finding[] {
  return ledger.id === 'a1' && county.hostsCentralUnits === 'no'
    ? [error('R6', 'no_central_units', { county: county.name })]
    : [];
}

function indexByKey(ledger: LedgerSpec, rows: readonly RowValues[]): Map<string, RowValues> {
  return new Map(rows.map((r) => [rowKeyOf(ledger, r), r]));
}

function describeRow(ledger: LedgerSpec, row: RowValues): string {
  return ledger.rowKey.map((k) => String(row[k] ?? '')).join(' / ');
}

function show(ledger: LedgerSpec, key: string, value: number): string {
  return displayValue(
    ledger.fields.find((f) => f.key === key),
    value,
  );
}

function labelOf(ledger: LedgerSpec, key: string): string {
  return ledger.fields.find((f) => f.key === key)?.label ?? key;
}

function fieldOf(ledger: LedgerSpec, key: string): { field: string; label: string } {
  return { field: key, label: labelOf(ledger, key) };
}

function warning(rule: RuleId, code: string, params: Finding['params']): Finding {
  return { rule, severity: 'warning', code, params };
}

function error(rule: RuleId, code: string, params: Finding['params']): Finding {
  return { rule, severity: 'error', code, params };
}
