// What a rule found, and the few helpers every rule uses to say where: the row, the field and its
// label as in the attachment, and figures as a person reads them.
import { displayValue } from '../ledgers/display.ts';
import type { LedgerSpec, RowValues } from '../ledgers/types.ts';
import type { Roster, RosterUnit } from '../roster.ts';

/** R1–R6 of DESIGN §3, R7 declared dates by their deadline, R8 pairings kept from last year. */
export type RuleId = 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6' | 'R7' | 'R8';
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

/** The key that identifies a row within one county's sheet. */
export function rowKeyOf(ledger: LedgerSpec, row: RowValues): string {
  return `#${ledger.rowKey.map((k) => String(row[k] ?? '')).join('\u001f')}`;
}

export function indexByKey(ledger: LedgerSpec, rows: readonly RowValues[]): Map<string, RowValues> {
  return new Map(rows.map((r) => [rowKeyOf(ledger, r), r]));
}

export function describeRow(ledger: LedgerSpec, row: RowValues): string {
  return ledger.rowKey.map((k) => String(row[k] ?? '')).join(' / ');
}

export function show(ledger: LedgerSpec, key: string, value: number): string {
  return displayValue(
    ledger.fields.find((f) => f.key === key),
    value,
  );
}

export function labelOf(ledger: LedgerSpec, key: string): string {
  return ledger.fields.find((f) => f.key === key)?.label ?? key;
}

export function fieldOf(ledger: LedgerSpec, key: string): { field: string; label: string } {
  return { field: key, label: labelOf(ledger, key) };
}

export function warning(rule: RuleId, code: string, params: Finding['params']): Finding {
  return { rule, severity: 'warning', code, params };
}

export function error(rule: RuleId, code: string, params: Finding['params']): Finding {
  return { rule, severity: 'error', code, params };
}
