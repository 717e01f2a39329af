// The policy rules R1–R6 of DESIGN §3, R7 (declared dates by their deadline) and R8 (pairings kept
// from last year), each in its own file under rules/ or beside (R4–R6 are short enough to stay here). Each returns findings: an error refuses the submission, a warning is shown and kept with
// it. Messages (quoting the notice) are in prompts/; here only facts.

import { datesAfterDeadline } from './declared-dates.ts';
import {
  describeRow,
  error,
  type Finding,
  fieldOf,
  indexByKey,
  labelOf,
  type RuleInput,
  rowKeyOf,
  show,
  warning,
} from './rules/finding.ts';
import { growsOnLastYear } from './rules/growth.ts';
import { pairingSize } from './rules/pairing-size.ts';
import { rowsStayStable } from './rules/stable-rows.ts';
import { stationedVillages } from './rules/stationed-villages.ts';

export type { Finding, RuleId, RuleInput, Severity } from './rules/finding.ts';
export { rowKeyOf } from './rules/finding.ts';

export function checkRules(input: RuleInput): Finding[] {
  return [
    ...pairingSize(input),
    ...stationedVillages(input),
    ...growsOnLastYear(input),
    ...yearToDateNeverFalls(input),
    ...breakdownsAddUp(input),
    ...centralUnitsOnly(input),
    ...datesAfterDeadline(input),
    ...rowsStayStable(input),
  ];
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
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
