// What changed between two revisions of a sheet, row by row and field by field.
import { displayValue } from './ledgers/display.ts';
import type { LedgerSpec, RowValues } from './ledgers/types.ts';
import { rowKeyOf } from './rules.ts';

export type SheetChange =
  | { kind: 'added'; row: string }
  | { kind: 'removed'; row: string }
  | { kind: 'changed'; row: string; field: string; label: string; before: string; after: string };

export function diffSheets(
  ledger: LedgerSpec,
  before: readonly RowValues[],
  after: readonly RowValues[],
): SheetChange[] {
  const old = new Map(before.map((r) => [rowKeyOf(ledger, r), r]));
  const now = new Map(after.map((r) => [rowKeyOf(ledger, r), r]));
  const name = (row: RowValues) =>
    ledger.rowKey.map((k) => String(row[k] ?? '')).join(' / ') || ledger.shortName;
  const changes: SheetChange[] = [];
  for (const [key, row] of now) {
    const prior = old.get(key);
    if (!prior) {
      changes.push({ kind: 'added', row: name(row) });
      continue;
    }
    for (const f of ledger.fields) {
      if ((prior[f.key] ?? null) !== (row[f.key] ?? null)) {
        changes.push({
          kind: 'changed',
          row: name(row),
          field: f.key,
          label: f.label,
          before: displayValue(f, prior[f.key]),
          after: displayValue(f, row[f.key]),
        });
      }
    }
  }
  for (const [key, row] of old) if (!now.has(key)) changes.push({ kind: 'removed', row: name(row) });
  return changes;
}
