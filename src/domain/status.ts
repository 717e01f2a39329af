// Who has reported, who has not, who was late; progress counts; totals and completion rates. A pure
// function of the roster, what was submitted and `now`, for one obligation, period and scope.

import { type ObligationSpec, type Owed, owedFor } from './calendar.ts';
import { daysBetween, localDate } from './clock.ts';
import type { LedgerSpec, RowValues } from './ledgers/types.ts';
import type { Period } from './period.ts';
import { findUnit, inScope, type Roster, type Scope } from './roster.ts';
import { type Finding, yearToDateNeverFalls } from './rules.ts';

/** That something owed was submitted: for a county, or for M3 a county and its partner. */
export interface Fulfilled {
  countyId: string;
  /** The partner's name for a pair (M3); null otherwise. */
  partner: string | null;
  firstAt: string;
  lastAt: string;
  revisions: number;
  /** Review of the latest revision (DESIGN 附件1–3 会商); absent means it stands as submitted. */
  review?: 'pending' | 'confirmed' | 'returned';
}

/** 已报 (awaiting or past review), 未报, or 退回修改 — a return counts as not yet done. */
export type OwedState = 'reported' | 'not_reported' | 'returned';

/** Whether a fulfilment counts as done (for status and reminders): a returned sheet does not. */
export function counts(f: Fulfilled): boolean {
  return f.review !== 'returned';
}

export interface OwedStatus {
  owed: Owed;
  state: OwedState;
  firstAt: string | null;
  lastAt: string | null;
  revisions: number;
  /** For a reported sheet: awaiting review or confirmed. */
  review: 'pending' | 'confirmed' | null;
  /** Days after the due date it first came in (0 when on time or not yet in). */
  daysLate: number;
  /** Days past the due date while still not in (0 otherwise). */
  daysOverdue: number;
}

export interface ObligationStatus {
  obligation: ObligationSpec;
  period: string;
  due: string;
  items: OwedStatus[];
  progress: {
    total: number;
    reported: number;
    notReported: number;
    /** Reported and confirmed by the reviewing unit (or standing as submitted). */
    confirmed: number;
    returned: number;
    late: number;
    overdue: number;
    rate: number;
  };
}

export function obligationStatus(
  roster: Roster,
  obligation: ObligationSpec,
  period: Period,
  scope: Scope,
  fulfilled: readonly Fulfilled[],
  now: Date,
): ObligationStatus {
  const today = localDate(now);
  const owed = owedFor(roster, obligation, period).filter((o) => scope.all || inScope(scope, o.county.id));
  const byKey = new Map(fulfilled.map((f) => [`${f.countyId}|${f.partner ?? ''}`, f]));
  // Every county shares the due date and many share a submission time: work each date out once.
  const overdue = new Map<string, number>();
  const daysOverdue = (due: string) => {
    let days = overdue.get(due);
    if (days === undefined) {
      days = Math.max(0, daysBetween(due, today));
      overdue.set(due, days);
    }
    return days;
  };
  const late = new Map<string, number>();
  const daysLateOf = (due: string, firstAt: string) => {
    const key = `${due}|${firstAt}`;
    let days = late.get(key);
    if (days === undefined) {
      days = Math.max(0, daysBetween(due, localDate(new Date(firstAt))));
      late.set(key, days);
    }
    return days;
  };
  const items = owed.map((o): OwedStatus => {
    const done = byKey.get(`${o.county.id}|${o.partner?.name ?? ''}`);
    if (!done) {
      return {
        owed: o,
        state: 'not_reported',
        firstAt: null,
        lastAt: null,
        revisions: 0,
        review: null,
        daysLate: 0,
        daysOverdue: daysOverdue(o.due),
      };
    }
    if (!counts(done)) {
      return {
        owed: o,
        state: 'returned',
        firstAt: done.firstAt,
        lastAt: done.lastAt,
        revisions: done.revisions,
        review: null,
        daysLate: 0,
        daysOverdue: daysOverdue(o.due),
      };
    }
    const daysLate = daysLateOf(o.due, done.firstAt);
    return {
      owed: o,
      state: 'reported',
      firstAt: done.firstAt,
      lastAt: done.lastAt,
      revisions: done.revisions,
      review: done.review === 'pending' ? 'pending' : 'confirmed',
      daysLate,
      daysOverdue: 0,
    };
  });
  let reported = 0;
  let confirmed = 0;
  let returned = 0;
  let lateCount = 0;
  let overdueCount = 0;
  for (const i of items) {
    if (i.state === 'reported') reported++;
    if (i.review === 'confirmed') confirmed++;
    if (i.state === 'returned') returned++;
    if (i.daysLate > 0) lateCount++;
    if (i.daysOverdue > 0) overdueCount++;
  }
  return {
    obligation,
    period: owed[0]?.period ?? '',
    due: owed[0]?.due ?? '',
    items,
    progress: {
      total: items.length,
      reported,
      notReported: items.length - reported,
      confirmed,
      returned,
      late: lateCount,
      overdue: overdueCount,
      rate: items.length === 0 ? 1 : reported / items.length,
    },
  };
}

export interface CountySheet {
  countyId: string;
  rows: readonly RowValues[];
}

export interface FieldTotal {
  key: string;
  label: string;
  group: string | null;
  total: number;
  /** Actual ÷ planned where the field has a plan (null when nothing was planned). */
  rate: number | null;
  planKey: string | null;
}

/** Sums of every money and count field over the sheets, with completion rates for actual figures. */
export function ledgerTotals(ledger: LedgerSpec, sheets: readonly CountySheet[]): FieldTotal[] {
  const numeric = ledger.fields.filter((f) => f.kind === 'money' || f.kind === 'count');
  const sums = new Map(numeric.map((f) => [f.key, 0]));
  for (const sheet of sheets) {
    for (const row of sheet.rows) {
      for (const f of numeric) sums.set(f.key, (sums.get(f.key) ?? 0) + Number(row[f.key] ?? 0));
    }
  }
  return numeric.map((f) => {
    const total = sums.get(f.key) ?? 0;
    const planned = f.planKey ? (sums.get(f.planKey) ?? 0) : 0;
    return {
      key: f.key,
      label: f.label,
      group: f.group ?? null,
      total,
      rate: f.planKey && planned > 0 ? total / planned : null,
      planKey: f.planKey ?? null,
    };
  });
}

/** R4 across a scope: where this quarter's year-to-date figures fell below last quarter's. */
export function yearToDateFalls(
  ledger: LedgerSpec,
  roster: Roster,
  current: readonly CountySheet[],
  previous: readonly CountySheet[],
  periods: { current: string; previous: string },
): { countyId: string; findings: Finding[] }[] {
  const previousOf = new Map(previous.map((p) => [p.countyId, p]));
  return current.flatMap((sheet) => {
    const before = previousOf.get(sheet.countyId);
    const county = findUnit(roster, sheet.countyId);
    if (!before || !county) return [];
    const findings = yearToDateNeverFalls({
      ledger,
      roster,
      county,
      period: periods.current,
      rows: sheet.rows,
      previousQuarter: { period: periods.previous, rows: before.rows },
      lastYear: null,
    }).filter((f) => f.severity === 'error');
    return findings.length > 0 ? [{ countyId: sheet.countyId, findings }] : [];
  });
}
