// A ledger is declared once — its fields, rows and checks — and cards, validation, status, reminders
// and the Excel layout are all derived from that declaration.
import type { DebtorRule, ObligationId } from '../obligation-ids.ts';
import type { Cadence } from '../period.ts';
import type { RelationKind } from '../roster.ts';

export type Unit = '万元' | '人' | '人次' | '个' | '次' | '家' | '对' | '名';

export type FieldKind = 'money' | 'count' | 'text' | 'choice' | 'date';

export interface FieldSpec {
  /** Stable key used in payloads, form inputs and the database. */
  key: string;
  /** The column label exactly as in the attachment, without its unit. */
  label: string;
  /** Other wordings of the label found in the bureau's templates (the notice's own copies differ), so a
   *  workbook or a submission using either is read; forms and exports use `label`. */
  aliases?: readonly string[];
  /** Words people use in chat for this figure besides its label (投入, 帮扶资金, 第一书记): figure
   *  questions are read with these and the words derived from the label (metrics.ts). Not a label:
   *  a workbook column is never read by them. */
  terms?: readonly string[];
  /** The grouped header above it in the attachment (e.g. 消费帮扶), if any. */
  group?: string;
  unit?: Unit;
  kind: FieldKind;
  required: boolean;
  choices?: readonly string[];
  /** For an actual figure: the key of its planned figure, so progress is shown as actual ÷ planned. */
  planKey?: string;
  /** A year-to-date figure that may not fall from one quarter to the next (R4). */
  cumulative?: boolean;
  /** One of the sheet's main figures (money put in, people trained, products bought): the dashboard
   *  follows it, with its plan, across the quarters of a year. */
  headline?: true;
  /** R3: grows on the same period last year — as fiscal aid must (notice 二), or as an indicator the
   *  agreement says grows year on year (附件7 六: 投资企业数、实际投资额、吸纳贫困人口就业数、社会帮扶资金数). */
  growth?: 'fiscal_aid' | 'agreement';
  /** Filled from context (the county reported for), not typed by a person. */
  fromContext?: 'county';
  /** Longest text allowed. */
  maxLength?: number;
  /** For a declared date: the obligation whose due date it should not pass; a later date is kept
   *  with a late mark (R7). Every date must lie in the sheet's year and not after the day it is sent. */
  dueBy?: ObligationId;
}

/** R5: figures of one row that must agree. */
export type CheckSpec =
  | { kind: 'sum'; total: string; parts: readonly string[] }
  | { kind: 'part'; whole: string; part: string };

/** The obligation a sheet fulfils (DESIGN §2), declared with the sheet; the calendar derives it. */
export interface SheetObligation {
  id: ObligationId;
  debtors: DebtorRule;
  /** At each quarter end (quarterly sheets) or on a day of the year. */
  due: 'quarter_end' | { month: number; day: number };
  /** Where the obligation has a title of its own, not the sheet's. */
  title?: string;
  /** Where the notice says so. */
  notice: string;
}

/** How R1 counts the towns each helper pairs (notice 四): one row per pairing, or a stated count. */
export type PairingCount =
  | { kind: 'rows'; helper: string; town: string }
  | { kind: 'stated'; helper: string; count: string };

export interface LedgerSpec {
  id: LedgerId;
  /** Attachment number in the notice (1–7); declarations of meetings have none. */
  attachment: number | null;
  /** Title without the year, as in the attachment. */
  title: string;
  /** Other titles the notice gives the same attachment (its list and its header differ), for import. */
  titleAliases?: readonly string[];
  /** Short name for menus and chat ("省直定点帮扶"). */
  shortName: string;
  /** Other words people use for it in chat ("省直", "定点"), beyond its number, title and short name;
   *  the understanding of messages is derived from these (src/understanding/lexicon.ts). */
  aliases: readonly string[];
  cadence: Cadence;
  /** True where the notice's copy lost its columns and the fields were reconstructed. */
  reconstructed: boolean;
  /** One row per partner unit × county, or many free rows (organisations, pairings). */
  rows: 'per_partner' | 'many';
  /** Fields whose values together identify a row within one county's sheet. */
  rowKey: readonly string[];
  /** Rows meant to stay from one year to the next (四: 保持结对关系稳定): a sheet that drops some of
   *  last year's is saved with the changes listed (R8). */
  stableRows?: true;
  fields: readonly FieldSpec[];
  checks: readonly CheckSpec[];
  /** The 备注 lines under the table. */
  notes: readonly string[];
  /** The obligation this sheet fulfils; 附件6/7 fulfil none on their own. */
  obligation?: SheetObligation;
  /** In the official workbook of a period (附件1–5); 附件6/7 are signed documents, M1–M3 declarations. */
  workbook?: true;
  /** Filled in consultation (会商) with the partner (附件1–3): the export marks each sheet's review state. */
  negotiated?: true;
  /** R1: where the towns each helper pairs are counted. */
  pairing?: PairingCount;
  /** R2: the field naming the county's village of a pairing (not to be a 驻点村). */
  pairedVillage?: string;
  /** Who confirms or returns a county's sheet (附件2/3: the lead unit); absent: the county's own submission stands. */
  review?: 'lead_unit';
  /** Roster relations whose units are this sheet's rows, so a new sheet starts with their names. */
  partnersFrom?: readonly RelationKind[];
  /** 计划 figures prefilled from the year's signed pledge (附件6/7): target key ← source keys summed. */
  targetsFrom?: { ledger: LedgerId; map: Readonly<Record<string, readonly string[]>> };
}

export type LedgerId = 'a1' | 'a2' | 'a3' | 'a4' | 'a5' | 'a6' | 'a7' | 'm1' | 'm2' | 'm3';

/** A validated row: money in integer 元, counts as integers, texts trimmed; absent optional → null. */
export type RowValues = Record<string, string | number | null>;

/** The sheet-level fields every ledger ends with (填报人及联系方式). */
export const REPORTER_FIELD: FieldSpec = {
  key: 'reporter',
  label: '填报人及联系方式',
  kind: 'text',
  required: true,
  maxLength: 60,
};
