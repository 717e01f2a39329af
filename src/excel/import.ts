// A filled template sent in: checked as a file first (size, zip magic), then sheet by sheet. Nothing
// here validates a figure — the rows come out as submission bodies for the one submission path.
import type ExcelJS from 'exceljs';
import { DOCUMENTS_SHEET } from './documents-sheet.ts';
import { type ExcelProblem, fileProblem } from './problems.ts';
import { workbookLimitProblem } from './workbook-limits.ts';
import { type ParseContext, type ParsedSheet, parseWorksheet } from './worksheet.ts';

export type { ParsedSheet } from './worksheet.ts';

export const MAX_WORKBOOK_BYTES = 10 * 1024 * 1024;

export type ParseResult =
  | { ok: true; sheets: ParsedSheet[]; warnings: ExcelProblem[] }
  | { ok: false; problems: ExcelProblem[] };

/** parseWorkbook, or the same run where it cannot hold up the caller (runtime/workbook-thread.ts). */
export type WorkbookParser = (buffer: Uint8Array, context: ParseContext) => Promise<ParseResult>;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // "PK\3\4": every .xlsx is a zip
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // the old .xls (and .doc) container

/** Refuses an oversized file by its size alone, so a caller can check before reading it at all. */
export function sizeProblem(bytes: number): ExcelProblem | null {
  if (bytes <= MAX_WORKBOOK_BYTES) return null;
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return fileProblem('excel.tooLarge', { size: mb(bytes), max: mb(MAX_WORKBOOK_BYTES) });
}

export async function parseWorkbook(buffer: Uint8Array, context: ParseContext): Promise<ParseResult> {
  const refused =
    sizeProblem(buffer.byteLength) ?? magicProblem(buffer) ?? (await workbookLimitProblem(buffer));
  if (refused) return { ok: false, problems: [refused] };
  const workbook = await load(buffer);
  if (!workbook) return { ok: false, problems: [fileProblem('excel.unreadable')] };

  // The export's own "报送材料" sheet lists documents, not figures: an exported workbook re-imports.
  const outcomes = workbook.worksheets
    .filter((ws) => ws.name !== DOCUMENTS_SHEET())
    .map((ws) => parseWorksheet(ws, context));
  const problems = outcomes.flatMap((o) => (o.kind === 'refused' ? o.problems : []));
  if (problems.length > 0) return { ok: false, problems };
  if (outcomes.every((o) => o.kind === 'empty'))
    return { ok: false, problems: [fileProblem('excel.emptyWorkbook')] };
  const sheets = outcomes.flatMap((o) => (o.kind === 'read' ? o.sheets : []));
  const warnings = outcomes.flatMap((o) =>
    o.kind === 'read' ? o.warnings : o.kind === 'empty' ? [o.warning] : [],
  );
  if (sheets.length === 0)
    return { ok: false, problems: [...warnings, fileProblem('excel.nothingToImport')] };
  return { ok: true, sheets, warnings };
}

function magicProblem(buffer: Uint8Array): ExcelProblem | null {
  const starts = (magic: readonly number[]) => magic.every((byte, i) => buffer[i] === byte);
  if (starts(ZIP_MAGIC)) return null;
  return fileProblem(starts(OLE_MAGIC) ? 'excel.oldXls' : 'excel.notXlsx');
}

/** A zip that is not a workbook (or a truncated one) fails inside exceljs: that is a damaged file. */
async function load(buffer: Uint8Array): Promise<ExcelJS.Workbook | null> {
  // Loaded on the first workbook read, not at start (see buildWorkbook).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    // A copy as a plain ArrayBuffer: what exceljs's typings ask for, and JSZip reads it as is.
    await workbook.xlsx.load(buffer.slice().buffer);
    return workbook;
  } catch {
    return null;
  }
}
