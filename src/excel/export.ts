// The official workbook: one sheet per attachment in the attachment's own layout — title, 填报单位 and
// 填报时间, the grouped two-row header, the rows, 合计, and the 备注 lines — derived from the declarations.
import type ExcelJS from 'exceljs';
import { localDate } from '../domain/clock.ts';
import type { LedgerId, LedgerSpec, RowValues } from '../domain/ledgers/types.ts';
import type { Period } from '../domain/period.ts';
import { counties, type Roster } from '../domain/roster.ts';
import { say } from '../prompts.ts';
import { type TableRow, writeBody, writeHeader, writeTotals } from './export-table.ts';
import { layoutOf, ledgerPeriod, periodWords, sheetNameOf } from './layout.ts';
import { type LedgerMarks, markText, reviewNotes, withReviewColumn } from './review-column.ts';
import { BODY_FONT, CENTRED, TITLE_FONT, widthOf } from './styles.ts';

/** A county's current sheet as stored: who filled it and its rows (money in integer 元). */
export interface StoredSheet {
  countyId: string;
  reporter: string;
  rows: readonly RowValues[];
}

export interface WorkbookInput {
  ledgers: readonly LedgerSpec[];
  /** The period asked for; annual ledgers take its year (ledgerPeriod). */
  period: Period;
  sheets: ReadonlyMap<LedgerId, readonly StoredSheet[]>;
  roster: Roster;
  generatedAt: Date;
  /** 填报单位: the unit the workbook is produced for. */
  unitName: string;
  /** The review state of each county's sheet, for the ledgers that print it (附件1–3): a 审核状态 column. */
  marks?: ReadonlyMap<LedgerId, LedgerMarks>;
}

/** Where the table starts: title on row 1, 填报单位/填报时间 on row 2, the header on rows 3–4. */
export const HEADER_TOP = 3;
export const FIRST_DATA_ROW = HEADER_TOP + 2;

export async function buildWorkbook(input: WorkbookInput): Promise<ExcelJS.Workbook> {
  // exceljs (~25 MB resident) loads on the first workbook, not at start: most processes never build one.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.created = input.generatedAt;
  for (const ledger of input.ledgers) addLedgerSheet(workbook, input, ledger);
  return workbook;
}

function addLedgerSheet(workbook: ExcelJS.Workbook, input: WorkbookInput, ledger: LedgerSpec): void {
  const marks = input.marks?.get(ledger.id);
  const layout = marks ? withReviewColumn(layoutOf(ledger)) : layoutOf(ledger);
  const width = layout.columns.length;
  const ws = workbook.addWorksheet(sheetNameOf(ledger));
  const period = ledgerPeriod(ledger, input.period);
  writePreamble(ws, width, [
    say('excel.title', { year: period.year, title: ledger.title }),
    say('excel.unit', { unit: input.unitName }),
    say('excel.filledAt', { date: dateWords(localDate(input.generatedAt)), period: periodWords(period) }),
  ]);
  writeHeader(ws, layout, HEADER_TOP);
  const rows = tableRows(input.roster, input.sheets.get(ledger.id) ?? [], marks);
  writeBody(ws, layout, FIRST_DATA_ROW, rows);
  const totalsRow = FIRST_DATA_ROW + rows.length;
  writeTotals(ws, layout, totalsRow, FIRST_DATA_ROW, rows);
  const widths = layout.columns.map(widthOf);
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const today = localDate(input.generatedAt);
  writeNotes(ws, widths, totalsRow + 1, notesOf(ledger, marks ? reviewNotes(ledger, marks, today) : []));
  ws.getRow(HEADER_TOP + 1).height = 48;
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: HEADER_TOP + 1 }];
}

/** Row 1 the title across the sheet; row 2 填报单位 on the left half, 填报时间 on the right. */
function writePreamble(ws: ExcelJS.Worksheet, width: number, [title, unit, filledAt]: string[]): void {
  ws.getCell(1, 1).value = title ?? '';
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(1, 1).font = TITLE_FONT;
  ws.getCell(1, 1).alignment = CENTRED;
  ws.getRow(1).height = 32;
  const half = Math.max(1, Math.floor(width / 2));
  ws.getCell(2, 1).value = unit ?? '';
  ws.getCell(2, half + 1).value = filledAt ?? '';
  if (half > 1) ws.mergeCells(2, 1, 2, half);
  if (width > half + 1) ws.mergeCells(2, half + 1, 2, width);
  ws.getCell(2, 1).font = BODY_FONT;
  ws.getCell(2, half + 1).font = BODY_FONT;
}

/** One row per stored row, counties in roster order (city, then pinyin) as the bureau reads them. */
function tableRows(roster: Roster, sheets: readonly StoredSheet[], marks?: LedgerMarks): TableRow[] {
  const byCounty = new Map(sheets.map((s) => [s.countyId, s]));
  return counties(roster).flatMap((county) => {
    const sheet = byCounty.get(county.id);
    if (!sheet) return [];
    const mark = marks ? { mark: markText(marks.byCounty.get(county.id)) } : {};
    return sheet.rows.map((values) => ({
      countyName: county.name,
      reporter: sheet.reporter,
      values,
      ...mark,
    }));
  });
}

/** The attachment's 备注, numbered, a line saying so where the columns are reconstructed, then `extra`. */
function notesOf(ledger: LedgerSpec, extra: readonly string[]): string[] {
  const notes = [...ledger.notes, ...(ledger.reconstructed ? [say('excel.reconstructed')] : []), ...extra];
  return notes.map((text, i) => say('excel.note', { n: i + 1, text }));
}

function writeNotes(
  ws: ExcelJS.Worksheet,
  widths: readonly number[],
  first: number,
  notes: readonly string[],
) {
  // A merged cell does not grow with its text, so the height is estimated: a CJK character is ~2 widths.
  const across = widths.reduce((a, b) => a + b, 0);
  notes.forEach((note, i) => {
    const row = first + i;
    const cell = ws.getCell(row, 1);
    cell.value = i === 0 ? `${say('excel.notesHead')}${note}` : note;
    cell.font = BODY_FONT;
    cell.alignment = { vertical: 'top', wrapText: true, indent: i === 0 ? 0 : 3 };
    if (widths.length > 1) ws.mergeCells(row, 1, row, widths.length);
    ws.getRow(row).height = 15 * Math.max(1, Math.ceil((String(cell.value).length * 2 + 6) / across));
  });
}

/** "2023-03-28" → "2023年3月28日". */
function dateWords(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return say('excel.date', { year, month, day });
}
