// Dates people declare — a meeting held, problems rectified, a pledge signed — are facts of the
// sheet's year that have happened: one outside that year or after today is refused. One after the due
// date of what it fulfils is accepted, marked late (R7), so the lateness is seen wherever it is shown.
import { dueDate, findObligation } from './calendar.ts';
import { daysBetween, localDate } from './clock.ts';
import type { LedgerSpec, RowValues } from './ledgers/types.ts';
import { type Period, parsePeriod } from './period.ts';
import type { Problem } from './problem.ts';
import { type Finding, fieldOf, type RuleInput, warning } from './rules/finding.ts';

/** Refuses a date before the year of the sheet, after it, or after today (Beijing). */
export function datesOutsideYear(
  ledger: LedgerSpec,
  period: Period,
  rows: readonly RowValues[],
  now: Date,
): Problem[] {
  const from = `${period.year}-01-01`;
  const today = localDate(now);
  const yearEnd = `${period.year}-12-31`;
  const to = today < yearEnd ? today : yearEnd;
  const dates = ledger.fields.filter((f) => f.kind === 'date');
  return rows.flatMap((row, i) =>
    dates.flatMap((field): Problem[] => {
      const value = row[field.key];
      if (typeof value !== 'string' || (value >= from && value <= to)) return [];
      return [
        {
          code: 'date_out_of_range',
          row: i + 1,
          field: field.key,
          label: field.label,
          params: { got: value, from, to, year: period.year },
        },
      ];
    }),
  );
}

/** Whether a row gives every date its form requires. A row saved before a date became required (互访及
 *  联席会议 asked only the visits' until the meeting's was added) has not declared all that is owed. */
export function declaresEveryDate(ledger: LedgerSpec, row: RowValues): boolean {
  return ledger.fields.every((f) => f.kind !== 'date' || !f.required || typeof row[f.key] === 'string');
}

/** R7: a date after the due date of the obligation its field names (FieldSpec.dueBy). */
export function datesAfterDeadline({ ledger, period, rows }: RuleInput): Finding[] {
  const year = parsePeriod(period)?.year;
  if (year === undefined) return [];
  const deadlines = ledger.fields.flatMap((field) => {
    const obligation = field.dueBy && findObligation(field.dueBy);
    return obligation ? [{ field, due: dueDate(obligation, { year, quarter: null }) }] : [];
  });
  return rows.flatMap((row, i) =>
    deadlines.flatMap(({ field, due }) => {
      const value = row[field.key];
      if (typeof value !== 'string' || value <= due) return [];
      const [, month, day] = due.split('-').map(Number);
      return [
        {
          ...warning('R7', 'date_late', {
            date: value,
            month: month ?? 0,
            day: day ?? 0,
            days: daysBetween(due, value),
          }),
          row: i + 1,
          ...fieldOf(ledger, field.key),
        },
      ];
    }),
  );
}
