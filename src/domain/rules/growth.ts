// R3: regional-cooperation fiscal aid grows on last year (notice 二), and so do the enterprises,
// investment, jobs and social funds the agreement names (附件7 六).
// Which figures grow is declared on the fields (FieldSpec.growth); each warning quotes what asks it of
// that field: the notice for fiscal aid, the agreement for the other indicators.
import type { FieldSpec } from '../ledgers/types.ts';
import { type Finding, fieldOf, indexByKey, type RuleInput, rowKeyOf, show, warning } from './finding.ts';

const CODE: Record<NonNullable<FieldSpec['growth']>, string> = {
  fiscal_aid: 'not_growing',
  agreement: 'indicator_not_growing',
};

export function growsOnLastYear({ ledger, rows, lastYear }: RuleInput): Finding[] {
  const growing = ledger.fields.flatMap((f) => (f.growth ? [{ key: f.key, code: CODE[f.growth] }] : []));
  if (growing.length === 0 || !lastYear) return [];
  const before = indexByKey(ledger, lastYear.rows);
  return rows.flatMap((row, i) => {
    const old = before.get(rowKeyOf(ledger, row));
    if (!old) return [];
    return growing.flatMap(({ key, code }) => {
      const now = Number(row[key] ?? 0);
      const then = Number(old[key] ?? 0);
      return then > 0 && now <= then
        ? [
            {
              ...warning('R3', code, {
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
