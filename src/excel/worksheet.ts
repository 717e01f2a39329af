// One worksheet of an imported workbook → the county sheets it holds, or the problems that stop it.
import type { Worksheet } from 'exceljs';
import type { LedgerSpec } from '../domain/ledgers/types.ts';
import type { Roster, RosterUnit } from '../domain/roster.ts';
import { say } from '../prompts.ts';
import type { Read } from './cells.ts';
import { groupByCounty } from './group-counties.ts';
import { sheetNameOf } from './layout.ts';
import {
  type Bounds,
  identifyLedger,
  locateHeader,
  missingColumns,
  preambleTexts,
  REPORTER_PREFIX,
} from './locate.ts';
import { type NamedPeriod, namedPeriod } from './period-text.ts';
import { type ExcelProblem, sheetMessage } from './problems.ts';
import { MAX_SHEET_ROWS, readRows } from './read.ts';

export interface ParsedSheet {
  /** How problems name the sheet: "附件2", with the tab's name when that differs. */
  sheet: string;
  ledger: LedgerSpec;
  county: RosterUnit;
  /** The period the sheet names for itself, if any (title or 填报时间). */
  named: NamedPeriod;
  /** The first 填报人及联系方式 of the county's rows, else a "填报人：" line above the table. */
  reporter: string | null;
  rows: Record<string, Read>[];
  /** The Excel row number of each of `rows`. */
  excelRows: number[];
}

export type SheetOutcome =
  | { kind: 'empty'; warning: ExcelProblem }
  | { kind: 'refused'; problems: ExcelProblem[] }
  | { kind: 'read'; sheets: ParsedSheet[]; warnings: ExcelProblem[] };

export interface ParseContext {
  roster: Roster;
  /** The sender's unit: its scope bounds the counties, and a county's blank county cells are its own. */
  sender: RosterUnit;
}

export function parseWorksheet(ws: Worksheet, context: ParseContext): SheetOutcome {
  // Fixed before reading: touching a cell beyond the used range would grow the sheet.
  const bounds: Bounds = { rows: ws.rowCount, cols: ws.columnCount };
  if (ws.actualRowCount === 0)
    return { kind: 'empty', warning: sheetMessage(ws.name, say('excel.emptySheet', { name: ws.name })) };
  const refuse = (message: string): SheetOutcome => ({
    kind: 'refused',
    problems: [sheetMessage(ws.name, message)],
  });
  const ledger = identifyLedger(ws, bounds);
  if (!ledger) return refuse(say('excel.unknownSheet', { name: ws.name }));
  const sheet = sheetLabel(ledger, ws.name);
  const header = locateHeader(ws, ledger, bounds);
  if (!header) {
    const labels = ledger.fields
      .filter((f) => !f.fromContext)
      .slice(0, 3)
      .map((f) => f.label)
      .join('”“');
    return refuse(say('excel.noHeader', { sheet, labels }));
  }
  const missing = missingColumns(ledger, header);
  if (missing.length > 0)
    return refuse(say('excel.missingColumns', { sheet, labels: missing.map((f) => f.label).join('、') }));

  const read = readRows(ws, ledger, header, bounds);
  if (read.tooMany) return refuse(say('excel.tooManyRows', { sheet, max: MAX_SHEET_ROWS }));
  const warnings =
    read.gapAt === null ? [] : [sheetMessage(sheet, say('excel.rowsAfterGap', { sheet, row: read.gapAt }))];
  if (read.rows.length === 0)
    return {
      kind: 'read',
      sheets: [],
      warnings: [...warnings, sheetMessage(sheet, say('excel.noRows', { sheet }))],
    };

  const preamble = preambleTexts(ws, header, bounds);
  const grouped = groupByCounty(context.roster, context.sender, ledger, sheet, read.rows);
  if (grouped.problems.length > 0) return { kind: 'refused', problems: grouped.problems };
  const named = namedPeriod(preamble);
  const signed = reporterLine(preamble);
  const sheets = grouped.groups.map(({ county, rows }) => ({
    sheet,
    ledger,
    county,
    named,
    reporter: rows.find((r) => r.reporter)?.reporter ?? signed,
    rows: rows.map((r) => r.values),
    excelRows: rows.map((r) => r.excelRow),
  }));
  return { kind: 'read', sheets, warnings };
}

function sheetLabel(ledger: LedgerSpec, tab: string): string {
  const name = sheetNameOf(ledger);
  return tab.trim() === name ? name : say('excel.sheetLabel', { sheet: name, name: tab });
}

/** "填报人：张建国 170…" above the table (附件4/5 have that line instead of a column). */
function reporterLine(texts: readonly string[]): string | null {
  for (const text of texts) {
    const match = new RegExp(`^${REPORTER_PREFIX}[^:：]*[:：]\\s*(.+)$`).exec(text.trim());
    if (match?.[1]) return match[1].trim();
  }
  return null;
}
