// The wordings a column or a sheet goes by: its declared label or title, then the aliases declared
// beside it. Whatever reads people's labels (Excel import, a submission keyed by labels) asks here.
import type { FieldSpec, LedgerSpec } from './types.ts';

export function labelsOf(field: FieldSpec): readonly string[] {
  return [field.label, ...(field.aliases ?? [])];
}

export function titlesOf(ledger: LedgerSpec): readonly string[] {
  return [ledger.title, ...(ledger.titleAliases ?? [])];
}
