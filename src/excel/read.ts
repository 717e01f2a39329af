// The data rows under a located header, up to the 合计 row or the first fully empty row.
import type { Worksheet } from 'exceljs';
import type { FieldSpec, LedgerSpec } from '../domain/ledgers/types.ts';
import { say } from '../prompts.ts';
import { cellText, normaliseText, type Read, readCell } from './cells.ts';
import type { Bounds, Header } from './locate.ts';

export interface DataRow {
  excelRow: number;
  county: string | null;
  reporter: string | null;
  /** Keyed as a submission body is: by the attachment's label (the key where two labels collide). */
  values: Record<string, Read>;
}

export interface ReadRows {
  rows: DataRow[];
  /** An empty row after which more content was left unread, so the person is told. */
  gapAt: number | null;
  tooMany: boolean;
}

/** More rows than any county's sheet holds: a runaway sheet is refused rather than read for minutes. */
export const MAX_SHEET_ROWS = 5000;
// Stop words in the first filled cell of a row: the totals and the 备注 lines close the table.
const TOTAL_WORDS = () => [say('excel.total'), '总计'].map(normaliseText);
const NOTES_WORD = () => normaliseText(say('excel.notesHead')).replace(/[:：]$/, '');

export function readRows(ws: Worksheet, ledger: LedgerSpec, header: Header, bounds: Bounds): ReadRows {
  const rows: DataRow[] = [];
  for (let r = header.bottom + 1; r <= bounds.rows; r++) {
    if (closesTable(ws, r, bounds)) break;
    const row = readRow(ws, ledger, header, r);
    if (row === null) {
      if (rows.length === 0) continue; // blank or 序号-only rows between the header and the data
      return { rows, gapAt: contentAfter(ws, ledger, header, bounds, r) ? r : null, tooMany: false };
    }
    rows.push(row);
    if (rows.length > MAX_SHEET_ROWS) return { rows, gapAt: null, tooMany: true };
  }
  return { rows, gapAt: null, tooMany: false };
}

function closesTable(ws: Worksheet, r: number, bounds: Bounds): boolean {
  for (let c = 1; c <= bounds.cols; c++) {
    const text = normaliseText(cellText(ws.getCell(r, c)));
    if (text === '') continue;
    return TOTAL_WORDS().some((w) => text.startsWith(w)) || text.startsWith(NOTES_WORD());
  }
  return false;
}

/** A row's mapped cells, or null when all are blank (序号 alone does not make a row). */
function readRow(ws: Worksheet, ledger: LedgerSpec, header: Header, r: number): DataRow | null {
  const row: DataRow = { excelRow: r, county: null, reporter: null, values: {} };
  let filled = false;
  for (const [col, target] of header.columns) {
    if (target.kind === 'index') continue;
    const value = readCell(ws.getCell(r, col));
    if (value !== null) filled = true;
    if (target.kind === 'reporter') row.reporter = value === null ? null : String(value).trim();
    else if (target.field.fromContext === 'county') row.county = value === null ? null : String(value).trim();
    else row.values[inputName(ledger, target.field)] = value;
  }
  return filled ? row : null;
}

function contentAfter(ws: Worksheet, ledger: LedgerSpec, header: Header, bounds: Bounds, from: number) {
  for (let r = from + 1; r <= bounds.rows; r++) {
    if (closesTable(ws, r, bounds)) return false;
    if (readRow(ws, ledger, header, r) !== null) return true;
  }
  return false;
}

export function inputName(ledger: LedgerSpec, field: FieldSpec): string {
  const shared = ledger.fields.filter((f) => f.label === field.label).length > 1;
  return shared ? field.key : field.label;
}
