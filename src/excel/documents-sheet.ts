// The sheet "报送材料" of the export: every document a county in scope owes for the year (D1, D2),
// received or not, and for each received file who sent it, when, its name, size and SHA-256 — so the
// bureau's copy of the ledgers says which documents are on file and which file is meant.

import type ExcelJS from 'exceljs';
import { localDateTime } from '../domain/clock.ts';
import { say } from '../prompts.ts';
import { BODY_FONT, CENTRED, styleHeader, TITLE_FONT } from './styles.ts';

export const DOCUMENTS_SHEET = (): string => say('files.sheetName');

export interface DocumentLine {
  county: string;
  obligation: string;
  document: string;
  file: { name: string; size: number; by: string; at: string; sha256: string } | null;
}

const COLUMNS: readonly [key: string, width: number][] = [
  ['colCounty', 16],
  ['colObligation', 36],
  ['colDocument', 30],
  ['colState', 10],
  ['colFile', 36],
  ['colSize', 12],
  ['colBy', 16],
  ['colAt', 20],
  ['colSha', 70],
];

export function addDocumentsSheet(
  workbook: ExcelJS.Workbook,
  year: number,
  lines: readonly DocumentLine[],
): void {
  const ws = workbook.addWorksheet(DOCUMENTS_SHEET());
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  const title = ws.getCell(1, 1);
  title.value = say('files.sheetTitle', { year });
  title.font = TITLE_FONT;
  title.alignment = CENTRED;
  COLUMNS.forEach(([key, width], i) => {
    const cell = ws.getCell(2, i + 1);
    cell.value = say(`files.${key}`);
    styleHeader(cell);
    ws.getColumn(i + 1).width = width;
  });
  lines.forEach((line, i) => {
    const row = ws.getRow(3 + i);
    const f = line.file;
    row.values = [
      line.county,
      line.obligation,
      line.document,
      say(f ? 'files.received' : 'files.missing'),
      f?.name ?? '',
      f ? Math.max(1, Math.round(f.size / 1024)) : '',
      f?.by ?? '',
      f ? beijingDateTime(f.at) : '',
      f?.sha256 ?? '',
    ];
    row.eachCell((cell) => {
      cell.font = BODY_FONT;
    });
  });
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 2 }];
}

const beijingDateTime = (iso: string): string => localDateTime(new Date(iso));
