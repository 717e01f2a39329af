// The table of one ledger sheet: the two-row header with its merges, one row per stored row, and the
// 合计 row whose SUM formulas carry their computed value for readers without a calculation engine.
import type { CellValue, Worksheet } from 'exceljs';
import type { FieldSpec, RowValues } from '../domain/ledgers/types.ts';
import { yuanToWan } from '../domain/money.ts';
import { say } from '../prompts.ts';
import type { Column, SheetLayout } from './layout.ts';
import { styleBody, styleHeader } from './styles.ts';

export interface TableRow {
  countyName: string;
  reporter: string;
  values: RowValues;
  /** The 审核状态 text of the county's sheet, where the sheet has that column. */
  mark?: string;
}

/** Writes the header on rows top and top+1; a column without a group spans both rows. */
export function writeHeader(ws: Worksheet, layout: SheetLayout, top: number): void {
  const grouped = new Set<number>();
  for (const span of layout.groups) {
    for (let i = span.first; i <= span.last; i++) grouped.add(i);
    ws.getCell(top, span.first + 1).value = span.text;
    if (span.last > span.first) ws.mergeCells(top, span.first + 1, top, span.last + 1);
  }
  layout.labels.forEach((label, i) => {
    const col = i + 1;
    if (grouped.has(i)) {
      ws.getCell(top + 1, col).value = label;
    } else {
      ws.getCell(top, col).value = label;
      ws.mergeCells(top, col, top + 1, col);
    }
  });
  for (let col = 1; col <= layout.columns.length; col++) {
    styleHeader(ws.getCell(top, col));
    styleHeader(ws.getCell(top + 1, col));
  }
}

export function writeBody(
  ws: Worksheet,
  layout: SheetLayout,
  first: number,
  rows: readonly TableRow[],
): void {
  rows.forEach((row, i) => {
    layout.columns.forEach((column, c) => {
      const cell = ws.getCell(first + i, c + 1);
      cell.value = bodyValue(column, row, i);
      styleBody(cell, column);
    });
  });
}

function bodyValue(column: Column, row: TableRow, index: number): CellValue {
  if (column.kind === 'index') return index + 1;
  if (column.kind === 'reporter') return row.reporter;
  if (column.kind === 'review') return row.mark ?? null;
  const { field } = column;
  if (field.fromContext === 'county') return row.countyName;
  return typedValue(field, row.values[field.key] ?? null);
}

/** Money as a number of 万元 (exact: integer 元 ÷ 10000), counts as integers, dates as dates. */
function typedValue(field: FieldSpec, value: string | number | null): CellValue {
  if (value === null) return null;
  if (field.kind === 'money' && typeof value === 'number') return yuanToWan(value);
  if (field.kind === 'date' && typeof value === 'string') return new Date(`${value}T00:00:00Z`);
  return value;
}

/** The 合计 row at `at`: SUM over first..last of each money and count column, with the sum cached. */
export function writeTotals(
  ws: Worksheet,
  layout: SheetLayout,
  at: number,
  first: number,
  rows: readonly TableRow[],
): void {
  ws.getCell(at, 1).value = say('excel.total');
  layout.columns.forEach((column, c) => {
    const cell = ws.getCell(at, c + 1);
    styleBody(cell, column);
    if (column.kind !== 'field' || column.field.fromContext) return;
    const { field } = column;
    if (field.kind !== 'money' && field.kind !== 'count') return;
    // Integer 元 and whole counts add up exactly; only the final 元 → 万元 step divides.
    const sum = rows.reduce((total, row) => total + numberOr0(row.values[field.key]), 0);
    const result = field.kind === 'money' ? yuanToWan(sum) : sum;
    const letter = ws.getColumn(c + 1).letter;
    cell.value =
      rows.length === 0
        ? result
        : { formula: `SUM(${letter}${first}:${letter}${first + rows.length - 1})`, result };
  });
  ws.getCell(at, 1).font = { ...ws.getCell(at, 1).font, bold: true };
}

function numberOr0(value: string | number | null | undefined): number {
  return typeof value === 'number' ? value : 0;
}
