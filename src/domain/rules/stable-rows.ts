// R8: pairings stay stable (notice 四: “并保持结对关系稳定”). A sheet that drops rows of last year's
// is saved, with a warning listing which disappeared and which appeared. Rows are compared by their
// places however they are written ("某镇人民政府" is "某镇"), so a rewording is no change.
import type { LedgerSpec, RowValues } from '../ledgers/types.ts';
import { placeKey } from '../place-names.ts';
import { describeRow, type Finding, type RuleInput, warning } from './finding.ts';

export function rowsStayStable({ ledger, rows, lastYear }: RuleInput): Finding[] {
  if (!ledger.stableRows || !lastYear) return [];
  const now = byPlace(ledger, rows);
  const before = byPlace(ledger, lastYear.rows);
  const dropped = [...before].filter(([key]) => !now.has(key)).map(([, row]) => describeRow(ledger, row));
  if (dropped.length === 0) return [];
  const added = [...now].filter(([key]) => !before.has(key)).map(([, row]) => describeRow(ledger, row));
  const params = {
    lastPeriod: lastYear.period,
    droppedCount: dropped.length,
    dropped: dropped.join('、'),
    addedCount: added.length,
    added: added.join('、'),
  };
  return [warning('R8', added.length > 0 ? 'pairings_replaced' : 'pairings_dropped', params)];
}

function byPlace(ledger: LedgerSpec, rows: readonly RowValues[]): Map<string, RowValues> {
  return new Map(
    rows.map((row) => [ledger.rowKey.map((k) => placeKey(String(row[k] ?? ''))).join('\u001f'), row]),
  );
}
