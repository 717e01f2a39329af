// The columns and the two-row header of a ledger's sheet, derived from its declaration alone, so a
// corrected declaration changes the workbook and the import together. Export writes this layout;
// import matches header cells against the same texts.
import { type FieldSpec, type LedgerSpec, REPORTER_FIELD, type Unit } from '../domain/ledgers/types.ts';
import type { Period } from '../domain/period.ts';
import { say } from '../prompts.ts';

export type Column =
  | { kind: 'index' }
  | { kind: 'field'; field: FieldSpec }
  | { kind: 'reporter'; field: FieldSpec }
  /** 审核状态 (附件1–3 on export only; review-column.ts). */
  | { kind: 'review' };

/** A group cell over the header's top row: columns first..last (0-based, inclusive). */
export interface GroupSpan {
  text: string;
  first: number;
  last: number;
}

export interface SheetLayout {
  columns: Column[];
  /** The label row's text of each column (the top row too when the column has no group). */
  labels: string[];
  groups: GroupSpan[];
}

/** 序号 for ledgers of many free rows (附件4/5), every field, then 填报人及联系方式. */
export function columnsOf(ledger: LedgerSpec): Column[] {
  const index: Column[] = ledger.rows === 'many' ? [{ kind: 'index' }] : [];
  return [
    ...index,
    ...ledger.fields.map((field): Column => ({ kind: 'field', field })),
    { kind: 'reporter', field: REPORTER_FIELD },
  ];
}

export function layoutOf(ledger: LedgerSpec): SheetLayout {
  const columns = columnsOf(ledger);
  return { columns, labels: columns.map((c) => labelOf(ledger, c)), groups: groupSpans(ledger, columns) };
}

/** The unit a whole group shares ("赴帮扶县调研指导(人次)"), so it is written once above its fields. */
export function groupUnit(ledger: LedgerSpec, group: string): Unit | null {
  const units = new Set(ledger.fields.filter((f) => f.group === group).map((f) => f.unit ?? null));
  const [only] = [...units];
  return units.size === 1 && only ? only : null;
}

/** "计划投入帮扶资金(万元)"; a field whose group carries the unit shows its bare label. */
export function labelOf(ledger: LedgerSpec, column: Column): string {
  if (column.kind === 'index') return say('excel.index');
  if (column.kind === 'review') return say('excel.review.header');
  const { field } = column;
  const unitAbove = field.group !== undefined && groupUnit(ledger, field.group) !== null;
  return field.unit && !unitAbove ? withUnit(field.label, field.unit) : field.label;
}

export function withUnit(text: string, unit: Unit | null): string {
  return unit ? `${text}(${unit})` : text;
}

function groupSpans(ledger: LedgerSpec, columns: readonly Column[]): GroupSpan[] {
  const spans: GroupSpan[] = [];
  columns.forEach((column, i) => {
    const group = column.kind === 'field' ? column.field.group : undefined;
    if (group === undefined) return;
    const last = spans.at(-1);
    const text = withUnit(group, groupUnit(ledger, group));
    if (last && last.last === i - 1 && last.text === text) last.last = i;
    else spans.push({ text, first: i, last: i });
  });
  return spans;
}

/** Annual ledgers (附件5–7) take the year; a quarterly one asked for a whole year shows Q4, as status does. */
export function ledgerPeriod(ledger: LedgerSpec, asked: Period): Period {
  if (ledger.cadence === 'annual') return { year: asked.year, quarter: null };
  return asked.quarter ? asked : { year: asked.year, quarter: 4 };
}

/** "2023年第一季度" or "2023年度", as the 填报时间 line names the period. */
export function periodWords(period: Period): string {
  return period.quarter
    ? say('excel.quarter', { year: period.year, quarter: say(`excel.quarterName.${period.quarter}`) })
    : say('excel.year', { year: period.year });
}

/** The worksheet of an attachment is named as the notice names it: "附件2". */
export function sheetNameOf(ledger: LedgerSpec): string {
  return ledger.attachment === null
    ? ledger.shortName
    : say('excel.sheetName', { attachment: ledger.attachment });
}
