// Every obligation of the notice (DESIGN §2) declared once, for any year. Who owes it is a rule over
// the roster; how it is fulfilled is a ledger, a document or a dated declaration (itself a small form).
import { ledgerById } from './ledgers/index.ts';
import type { LedgerId } from './ledgers/types.ts';
import { type Cadence, formatPeriod, type Period, periodEnd, periodsOfYear } from './period.ts';
import {
  counties,
  hostsCentralUnits,
  type RelationKind,
  type Roster,
  type RosterUnit,
  relatedUnits,
  type UnitKind,
} from './roster.ts';

export const OBLIGATION_IDS = ['L1', 'L2', 'L3', 'L4', 'L5', 'D1', 'D2', 'M1', 'M2', 'M3'] as const;
export type ObligationId = (typeof OBLIGATION_IDS)[number];

/** Who owes an obligation, as a rule over the roster. */
export type DebtorRule = 'counties' | 'counties_hosting_central_units' | 'lead_units' | 'regional_pairs';

/** The roster relation whose units owe under a rule: a county lacking them owes that obligation to nobody. */
export const DEBTOR_RELATIONS = {
  lead_units: 'leads',
  regional_pairs: 'helps',
} as const satisfies Partial<Record<DebtorRule, RelationKind>>;

export const DOCUMENT_KINDS = [
  'joint_meeting_plan',
  'pledge_or_agreement',
  'annual_plan',
  'visit_report',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export type Fulfilment =
  | { kind: 'ledger'; ledger: LedgerId }
  | { kind: 'documents'; documents: readonly DocumentKind[] }
  | { kind: 'declaration'; form: LedgerId };

export interface ObligationSpec {
  id: ObligationId;
  title: string;
  /** For charts, buttons and table headers ("附件2 省直定点帮扶", "一季度报送材料"). */
  shortName: string;
  debtors: DebtorRule;
  cadence: Cadence;
  /** Month and day of the due date; quarterly obligations are due at each quarter end. */
  due: 'quarter_end' | { month: number; day: number };
  /** Days before the due date on which reminders go out. */
  remindBeforeDays: readonly number[];
  fulfilment: Fulfilment;
  /** Where the notice says so. */
  notice: string;
}

const DEFAULT_REMINDERS = [7, 3, 1] as const;
const MARCH_END = { month: 3, day: 31 };

export const OBLIGATIONS: readonly ObligationSpec[] = [
  ledgerObligation('L1', 'a1', 'counties_hosting_central_units', '六；附件1备注'),
  ledgerObligation('L2', 'a2', 'counties', '六；附件2备注'),
  ledgerObligation('L3', 'a3', 'counties', '六；附件3备注'),
  ledgerObligation('L4', 'a4', 'counties', '六；附件4备注'),
  {
    id: 'L5',
    ...ledgerNames('a5'),
    debtors: 'counties',
    cadence: 'annual',
    due: MARCH_END,
    remindBeforeDays: DEFAULT_REMINDERS,
    fulfilment: { kind: 'ledger', ledger: 'a5' },
    notice: '四；附件5备注',
  },
  {
    id: 'D1',
    title: '一季度报送材料：联席会议方案、年度责任书（协议书）、年度帮扶计划',
    shortName: '一季度报送材料',
    debtors: 'counties',
    cadence: 'annual',
    due: MARCH_END,
    remindBeforeDays: DEFAULT_REMINDERS,
    fulfilment: {
      kind: 'documents',
      documents: ['joint_meeting_plan', 'pledge_or_agreement', 'annual_plan'],
    },
    notice: '六',
  },
  {
    id: 'D2',
    title: '党政主要负责同志赴中央单位对接汇报情况（正式报告）',
    shortName: '对接汇报情况',
    debtors: 'counties_hosting_central_units',
    cadence: 'annual',
    due: MARCH_END,
    remindBeforeDays: DEFAULT_REMINDERS,
    fulfilment: { kind: 'documents', documents: ['visit_report'] },
    notice: '一；六',
  },
  declaration('M1', 'm1', '召开年度首次联席（协调）会议', 'lead_units', MARCH_END, '三'),
  declaration('M2', 'm2', '上年度考核问题整改到位', 'lead_units', MARCH_END, '六'),
  declaration(
    'M3',
    'm3',
    '党政主要负责同志互访交流并召开联席（协调）会议',
    'regional_pairs',
    { month: 6, day: 30 },
    '三',
  ),
];

/** A ledger's obligation is named as the ledger is: "附件2 省直单位定点帮扶工作情况台账". */
function ledgerNames(ledger: LedgerId): { title: string; shortName: string } {
  const spec = ledgerById(ledger);
  return {
    title: `附件${spec.attachment} ${spec.title}`,
    shortName: `附件${spec.attachment} ${spec.shortName}`,
  };
}

function ledgerObligation(
  id: ObligationId,
  ledger: LedgerId,
  debtors: DebtorRule,
  notice: string,
): ObligationSpec {
  return {
    id,
    ...ledgerNames(ledger),
    debtors,
    cadence: 'quarterly',
    due: 'quarter_end',
    remindBeforeDays: DEFAULT_REMINDERS,
    fulfilment: { kind: 'ledger', ledger },
    notice,
  };
}

function declaration(
  id: ObligationId,
  form: LedgerId,
  title: string,
  debtors: DebtorRule,
  due: { month: number; day: number },
  notice: string,
): ObligationSpec {
  return {
    id,
    title,
    shortName: ledgerById(form).shortName,
    debtors,
    cadence: 'annual',
    due,
    remindBeforeDays: DEFAULT_REMINDERS,
    fulfilment: { kind: 'declaration', form },
    notice,
  };
}

/** The kinds of unit a debtor rule can name: who may fill what an obligation asks for. */
export function debtorKinds(rule: DebtorRule): readonly UnitKind[] {
  switch (rule) {
    case 'counties':
    case 'counties_hosting_central_units':
      return ['county'];
    case 'lead_units':
      return ['lead_unit'];
    case 'regional_pairs':
      return ['county', 'helper'];
  }
}

export function findObligation(id: string): ObligationSpec | undefined {
  return OBLIGATIONS.find((o) => o.id === id.trim().toUpperCase());
}

/** The obligation a ledger or declaration form fulfils, if any (附件6/7 fulfil none on their own). */
export function obligationOfForm(form: LedgerId): ObligationSpec | undefined {
  return OBLIGATIONS.find(
    (o) =>
      (o.fulfilment.kind === 'ledger' && o.fulfilment.ledger === form) ||
      (o.fulfilment.kind === 'declaration' && o.fulfilment.form === form),
  );
}

export interface Deadline {
  obligation: ObligationSpec;
  period: Period;
  /** Local (Asia/Shanghai) date "YYYY-MM-DD"; the obligation is on time through the end of that day. */
  due: string;
}

export function dueDate(obligation: ObligationSpec, period: Period): string {
  if (obligation.due === 'quarter_end') return periodEnd(period);
  const { month, day } = obligation.due;
  return `${period.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Every deadline of a year, in date order. */
export function deadlinesOfYear(year: number): Deadline[] {
  return OBLIGATIONS.flatMap((obligation) =>
    periodsOfYear(year, obligation.cadence).map((period) => ({
      obligation,
      period,
      due: dueDate(obligation, period),
    })),
  ).sort(
    (a, b) =>
      a.due.localeCompare(b.due) ||
      OBLIGATION_IDS.indexOf(a.obligation.id) - OBLIGATION_IDS.indexOf(b.obligation.id),
  );
}

/** One thing owed: for a county, and for M3 a regional pair (county + helper). */
export interface Owed {
  obligation: ObligationId;
  period: string;
  due: string;
  county: RosterUnit;
  /** The helper of a regional pair (M3); null otherwise. */
  partner: RosterUnit | null;
  /** Units that owe it (and may fulfil it); empty when the roster lacks them (see roster check). */
  debtors: RosterUnit[];
}

// Owed items per roster, obligation and period: a roster is never changed once built (an import makes
// a new one), and status and the reminder plan ask the same questions of it on every request.
const OWED = new WeakMap<Roster, Map<ObligationSpec, Map<string, readonly Owed[]>>>();

/** What each county (or pair) owes for an obligation and period, derived from the roster. */
export function owedFor(roster: Roster, obligation: ObligationSpec, period: Period): Owed[] {
  const byObligation = OWED.get(roster) ?? new Map<ObligationSpec, Map<string, readonly Owed[]>>();
  OWED.set(roster, byObligation);
  const byPeriod = byObligation.get(obligation) ?? new Map<string, readonly Owed[]>();
  byObligation.set(obligation, byPeriod);
  const label = formatPeriod(period);
  let owed = byPeriod.get(label);
  if (!owed) {
    owed = deriveOwed(roster, obligation, period);
    byPeriod.set(label, owed);
  }
  return [...owed];
}

function deriveOwed(roster: Roster, obligation: ObligationSpec, period: Period): Owed[] {
  const base = { obligation: obligation.id, period: formatPeriod(period), due: dueDate(obligation, period) };
  const all = counties(roster);
  switch (obligation.debtors) {
    case 'counties':
      return all.map((county) => ({ ...base, county, partner: null, debtors: [county] }));
    case 'counties_hosting_central_units':
      return all
        .filter(hostsCentralUnits)
        .map((county) => ({ ...base, county, partner: null, debtors: [county] }));
    case 'lead_units':
      return all.map((county) => ({
        ...base,
        county,
        partner: null,
        debtors: relatedUnits(roster, DEBTOR_RELATIONS.lead_units, county.id),
      }));
    case 'regional_pairs':
      return all.flatMap((county) =>
        relatedUnits(roster, DEBTOR_RELATIONS.regional_pairs, county.id).map((helper) => ({
          ...base,
          county,
          partner: helper,
          debtors: [helper, county],
        })),
      );
  }
}

/** Whether an obligation applies to a county at all (R6: L1 and D2 only for counties hosting central units). */
export function appliesTo(obligation: ObligationSpec, county: RosterUnit): boolean {
  return obligation.debtors !== 'counties_hosting_central_units' || hostsCentralUnits(county);
}
