// Reading what a person typed into a cell, whatever Excel or WPS stored it as: a number, text, rich
// text, a hyperlink, a formula's cached result, a date, or an error value.
import type { Cell, CellValue } from 'exceljs';

export type Read = string | number | null;

/** A cell's value as the submission path takes it: numbers stay numbers, dates become YYYY-MM-DD. */
export function readCell(cell: Cell): Read {
  return plain(cell.value);
}

function plain(value: CellValue): Read {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // exceljs reads a date serial as midnight UTC of that calendar day.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if ('richText' in value) return plain(value.richText.map((r) => r.text).join(''));
  if ('error' in value) return value.error;
  if ('hyperlink' in value) return plain(value.text);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined) return null;
    return typeof result === 'object' && !(result instanceof Date) ? result.error : plain(result);
  }
  return null;
}

/** A cell as text for matching titles and header labels. */
export function cellText(cell: Cell): string {
  const value = readCell(cell);
  return value === null ? '' : String(value);
}

/** Blanks and full-width brackets vary between templates; labels are compared without them. */
export function normaliseText(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/台帐/g, '台账');
}
