// How the official ledgers look: thin borders around the table, a bold wrapped header, number formats
// that show 万元 with 2 decimals while the cell keeps the exact figure.
import type { Alignment, Borders, Cell, Fill, Font } from 'exceljs';
import type { Column } from './layout.ts';

export const MONEY_FORMAT = '0.00';
export const COUNT_FORMAT = '0';
export const DATE_FORMAT = 'yyyy-mm-dd';

const THIN = { style: 'thin' as const };
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const FONT = '宋体';

export const TITLE_FONT: Partial<Font> = { name: FONT, size: 16, bold: true };
export const BODY_FONT: Partial<Font> = { name: FONT, size: 11 };
export const CENTRED: Partial<Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };

export function styleHeader(cell: Cell): void {
  cell.font = { ...BODY_FONT, bold: true };
  cell.alignment = CENTRED;
  cell.border = BORDER;
  cell.fill = HEADER_FILL;
}

export function styleBody(cell: Cell, column: Column | undefined): void {
  cell.font = BODY_FONT;
  cell.border = BORDER;
  const kind = column?.kind === 'field' ? column.field.kind : column?.kind;
  const numeric = kind === 'money' || kind === 'count' || kind === 'index';
  cell.alignment = numeric
    ? { horizontal: 'right', vertical: 'middle' }
    : { horizontal: 'left', vertical: 'middle', wrapText: true };
  if (kind === 'money') cell.numFmt = MONEY_FORMAT;
  if (kind === 'count') cell.numFmt = COUNT_FORMAT;
  if (kind === 'date') cell.numFmt = DATE_FORMAT;
}

/** Widths in characters: names of units need room, figures do not; the header wraps. */
export function widthOf(column: Column): number {
  if (column.kind === 'index') return 6;
  if (column.kind === 'reporter') return 22;
  if (column.kind === 'review') return 30;
  const { field } = column;
  switch (field.kind) {
    case 'text':
      return (field.maxLength ?? 60) > 60 ? 30 : 20;
    case 'choice':
      return 12;
    case 'date':
      return 13;
    case 'money':
      return 13;
    case 'count':
      return 10;
  }
}
