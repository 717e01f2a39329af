// A parse result as it crosses to another thread and back (runtime/workbook-thread.ts): ledgers and
// counties go by id, as structured clone copies data and not the ledgers' specs.
import { findLedger } from '../domain/ledgers/index.ts';
import type { LedgerId } from '../domain/ledgers/types.ts';
import type { Roster } from '../domain/roster.ts';
import type { ParseResult } from './import.ts';
import type { ExcelProblem } from './problems.ts';
import type { ParsedSheet } from './worksheet.ts';

export type WireSheet = Omit<ParsedSheet, 'ledger' | 'county'> & { ledger: LedgerId; county: string };

export type WireResult =
  | { ok: true; sheets: WireSheet[]; warnings: ExcelProblem[] }
  | { ok: false; problems: ExcelProblem[] };

export function toWire(result: ParseResult): WireResult {
  if (!result.ok) return result;
  return {
    ok: true,
    warnings: result.warnings,
    sheets: result.sheets.map((s) => ({ ...s, ledger: s.ledger.id, county: s.county.id })),
  };
}

export function fromWire(wire: WireResult, roster: Roster): ParseResult {
  if (!wire.ok) return wire;
  const sheets = wire.sheets.map((s) => {
    const ledger = findLedger(s.ledger);
    const county = roster.units.find((u) => u.id === s.county);
    if (!ledger || !county) throw new Error(`parse result names unknown ${ledger ? 'county' : 'ledger'}`);
    return { ...s, ledger, county };
  });
  return { ok: true, warnings: wire.warnings, sheets };
}
