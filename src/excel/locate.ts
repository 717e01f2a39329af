// Finding a ledger in a worksheet someone filled: which attachment it is (title, sheet name, or the
// best-fitting header) and where its header is, even below inserted rows or right of added columns.
import type { Worksheet } from 'exceljs';
import { findLedger, LEDGERS } from '../domain/ledgers/index.ts';
import { labelsOf, titlesOf } from '../domain/ledgers/labels.ts';
import { type FieldSpec, type LedgerSpec, REPORTER_FIELD } from '../domain/ledgers/types.ts';
import { say } from '../prompts.ts';
import { cellText, normaliseText } from './cells.ts';
import { groupUnit, withUnit } from './layout.ts';

export type Target = { kind: 'index' } | { kind: 'reporter' } | { kind: 'field'; field: FieldSpec };

export interface Bounds {
  rows: number;
  cols: number;
}

export interface Header {
  top: number;
  /** The last header row: data starts below it. */
  bottom: number;
  /** Excel column number → what it holds. */
  columns: Map<number, Target>;
}

/** Titles and headers sit near the top; rows inserted above them are tolerated up to here. */
const SCAN_ROWS = 40;
const ATTACHMENTS = LEDGERS.filter((l) => l.attachment !== null);

export function identifyLedger(ws: Worksheet, bounds: Bounds): LedgerSpec | null {
  return byTitle(ws, bounds) ?? byName(ws.name) ?? byHeader(ws, bounds);
}

/** A cell naming the ledger's title ("2023年省直单位定点帮扶工作情况台帐") or just "附件2". */
function byTitle(ws: Worksheet, bounds: Bounds): LedgerSpec | null {
  for (let row = 1; row <= Math.min(bounds.rows, SCAN_ROWS); row++) {
    for (let col = 1; col <= bounds.cols; col++) {
      const text = normaliseText(cellText(ws.getCell(row, col)));
      if (text === '') continue;
      // The longest title found wins: "…台账" must not be read as a shorter title it contains.
      const titled = ATTACHMENTS.flatMap((ledger) =>
        titlesOf(ledger)
          .filter((title) => text.includes(normaliseText(title)))
          .map((title) => ({ ledger, length: title.length })),
      );
      const longest = titled.sort((a, b) => b.length - a.length)[0];
      if (longest) return longest.ledger;
      const numbered = /^附件(\d)$/.exec(text);
      if (numbered) return ATTACHMENTS.find((l) => l.attachment === Number(numbered[1])) ?? null;
    }
  }
  return null;
}

function byName(name: string): LedgerSpec | null {
  const text = normaliseText(name);
  const numbered = /附件(\d)/.exec(text);
  const ledger = numbered ? findLedger(`附件${numbered[1]}`) : findLedger(text);
  return ledger && ledger.attachment !== null ? ledger : null;
}

function byHeader(ws: Worksheet, bounds: Bounds): LedgerSpec | null {
  const fits = ATTACHMENTS.map((ledger) => ({ ledger, header: locateHeader(ws, ledger, bounds) }));
  const best = fits
    .filter((f) => f.header !== null)
    .sort((a, b) => (b.header?.columns.size ?? 0) - (a.header?.columns.size ?? 0))[0];
  return best?.ledger ?? null;
}

/**
 * The two header rows are found where the most declared labels match. On a tie the lower band wins:
 * its rows are the label rows nearest the data, so a vertically merged label is not read as data.
 */
export function locateHeader(ws: Worksheet, ledger: LedgerSpec, bounds: Bounds): Header | null {
  let best: Header | null = null;
  for (let top = 1; top <= Math.min(bounds.rows, SCAN_ROWS); top++) {
    const band = matchBand(ws, ledger, top, bounds);
    if (band.columns.size >= (best?.columns.size ?? 0)) best = band;
  }
  const typed = ledger.fields.filter((f) => !f.fromContext).length;
  return best && best.columns.size >= Math.max(2, Math.ceil(typed / 2)) ? best : null;
}

function matchBand(ws: Worksheet, ledger: LedgerSpec, top: number, bounds: Bounds): Header {
  const columns = new Map<number, Target>();
  const taken = new Set<string>();
  let bottom = top;
  for (let col = 1; col <= bounds.cols; col++) {
    const upper = cellText(ws.getCell(top, col));
    const lower = top < bounds.rows ? cellText(ws.getCell(top + 1, col)) : '';
    const fromLower = lower ? matchLabel(ledger, lower, upper) : null;
    const target = fromLower ?? (upper ? matchLabel(ledger, upper, '') : null);
    if (!target || taken.has(targetKey(target))) continue; // a repeated column: the first one counts
    taken.add(targetKey(target));
    columns.set(col, target);
    if (fromLower) bottom = top + 1;
  }
  return { top, bottom, columns };
}

export function targetKey(target: Target): string {
  return target.kind === 'field' ? target.field.key : target.kind;
}

const INDEX_LABEL = () => normaliseText(say('excel.index'));
/** The start of 填报人及联系方式, however a template words the rest. */
export const REPORTER_PREFIX = REPORTER_FIELD.label.slice(0, 3);

/** A header text as a column: the label with or without its unit; `above` tells fields of two groups apart. */
function matchLabel(ledger: LedgerSpec, text: string, above: string): Target | null {
  const t = normaliseText(text);
  if (t === INDEX_LABEL()) return { kind: 'index' };
  // "填报人及联系方式", "填报人", "填报人及电话" — but not a filled-in "填报人：张三" line above the table.
  if (t.startsWith(REPORTER_PREFIX) && !/[:：]/.test(t)) return { kind: 'reporter' };
  const fits = ledger.fields.filter((f) => labelForms(ledger, f).includes(t));
  const group = normaliseText(above);
  const inGroup = fits.find((f) => f.group !== undefined && group.startsWith(normaliseText(f.group)));
  const field = fits.length > 1 && inGroup ? inGroup : fits[0];
  return field ? { kind: 'field', field } : null;
}

/** Each of the field's labels (its declared aliases too), bare or with its own or its group's unit. */
function labelForms(ledger: LedgerSpec, field: FieldSpec): string[] {
  const units = [field.unit ?? null, field.group ? groupUnit(ledger, field.group) : null];
  return labelsOf(field)
    .flatMap((label) => [label, ...units.map((u) => withUnit(label, u))])
    .map(normaliseText);
}

/** Required columns the header lacks (the county column is filled from context and may be absent). */
export function missingColumns(ledger: LedgerSpec, header: Header): FieldSpec[] {
  const present = new Set([...header.columns.values()].map(targetKey));
  return ledger.fields.filter((f) => f.required && !f.fromContext && !present.has(f.key));
}

/** Texts above the header: the title, 填报单位, 填报时间, 填报人 lines. */
export function preambleTexts(ws: Worksheet, header: Header, bounds: Bounds): string[] {
  const texts: string[] = [];
  for (let row = 1; row < header.top; row++) {
    for (let col = 1; col <= bounds.cols; col++) {
      const text = cellText(ws.getCell(row, col)).trim();
      if (text !== '') texts.push(text);
    }
  }
  return texts;
}
