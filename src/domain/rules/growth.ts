// R3: regional-cooperation fiscal aid grows on last year (notice 二), and so do the enterprises,
// investment, jobs and social funds the agreement names (附件7 六).
import type { LedgerSpec } from '../ledgers/types.ts';
import { type Finding, fieldOf, indexByKey, type RuleInput, rowKeyOf, show, warning } from './finding.ts';

/** The figures that must grow on last year (notice 二; 附件7 六), per ledger. */
const GROWTH: Partial<Record<LedgerSpec['id'], readonly string[]>> = {
  a3: ['aidPlanned', 'aidActual', 'enterprises', 'investment', 'investmentJobs', 'socialFunds'],
  a7: ['aid'],
};

export function growsOnLastYear({ ledger, rows, lastYear }: RuleInput): Finding[] {
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
