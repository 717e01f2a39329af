// "谁还没报 / 进度 / 汇总": the status of every obligation due in a period, within the asker's scope,
// with totals and the year-to-date check for a ledger.
import { OBLIGATIONS, type ObligationSpec, obligationOfForm } from '../domain/calendar.ts';
import { declaresEveryDate } from '../domain/declared-dates.ts';
import { findLedger, ledgerById } from '../domain/ledgers/index.ts';
import type { LedgerSpec } from '../domain/ledgers/types.ts';
import { formatPeriod, type Period, parsePeriod, previousQuarterInYear } from '../domain/period.ts';
import type { Problem } from '../domain/problem.ts';
import { needsReview, type SheetEvent, sheetState } from '../domain/review.ts';
import { findUnit, inScope, type Roster } from '../domain/roster.ts';
import type { Finding } from '../domain/rules.ts';
import {
  type CountySheet,
  type FieldTotal,
  type Fulfilled,
  ledgerTotals,
  type ObligationStatus,
  obligationStatus,
  yearToDateFalls,
} from '../domain/status.ts';
import { sheetEventsFor } from '../store/review-repo.ts';
import { currentSheets, submissionFacts } from '../store/revisions-repo.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { Store } from '../store/store.ts';
import { documentsFulfilled } from './documents.ts';
import { resolveViewer, type Viewer } from './viewer.ts';

export interface StatusQuery {
  period: string;
  ledger?: string;
  as?: string;
  /** Totals and the year-to-date check of the ledger (default true); "谁还没报" does without. */
  summary?: boolean;
  /** A city's id: only its counties, within what the asker may see ("恩施州进度"). */
  within?: string;
}

export interface LedgerSummary {
  ledger: LedgerSpec;
  period: string;
  counties: number;
  totals: FieldTotal[];
  ytdFalls: { countyId: string; countyName: string; findings: Finding[] }[];
}

export interface StatusReport {
  viewer: Viewer;
  obligations: ObligationStatus[];
  summary: LedgerSummary | null;
}

export type StatusResult = { ok: true; report: StatusReport } | { ok: false; problems: Problem[] };

export async function statusReport(store: Store, query: StatusQuery, now: Date): Promise<StatusResult> {
  const period = parsePeriod(query.period);
  if (!period)
    return { ok: false, problems: [{ code: 'period_invalid', params: { got: query.period.slice(0, 40) } }] };
  const ledger = query.ledger === undefined ? undefined : findLedger(query.ledger);
  if (query.ledger !== undefined && !ledger)
    return { ok: false, problems: [{ code: 'unknown_ledger', params: { got: query.ledger.slice(0, 40) } }] };
  const roster = await loadRoster(store);
  const resolved = resolveViewer(roster, query.as);
  if (!resolved.ok) return resolved;
  const viewer = query.within ? { viewer: narrowed(roster, resolved.viewer, query.within) } : resolved;

  const wanted = ledger ? [obligationOfForm(ledger.id)].filter((o) => o !== undefined) : dueIn(period);
  const obligations = await Promise.all(
    wanted.map(async (obligation) => {
      const p = periodFor(obligation, period);
      return obligationStatus(
        roster,
        obligation,
        p,
        viewer.viewer.scope,
        await fulfilledFor(store, obligation, p),
        now,
      );
    }),
  );
  const summary =
    query.summary !== false && ledger && ledger.attachment !== null
      ? await summarise(store, roster, ledger, period, viewer.viewer)
      : null;
  return { ok: true, report: { viewer: viewer.viewer, obligations, summary } };
}

/** The viewer's scope cut down to one city's counties. */
function narrowed(roster: Roster, viewer: Viewer, cityId: string): Viewer {
  const countyIds = roster.units
    .filter((u) => u.kind === 'county' && u.cityId === cityId && inScope(viewer.scope, u.id))
    .map((u) => u.id);
  return { ...viewer, scope: { all: false, countyIds } };
}

/** A quarter shows its quarterly obligations and the annual ones due within it; a year shows the annual ones. */
function dueIn(period: Period): ObligationSpec[] {
  if (!period.quarter) return OBLIGATIONS.filter((o) => o.cadence === 'annual');
  const quarter = period.quarter;
  return OBLIGATIONS.filter((o) => o.due === 'quarter_end' || Math.ceil(o.due.month / 3) === quarter);
}

/** Annual obligations use the year; a quarterly one asked for a whole year shows its year-end (Q4) figures. */
function periodFor(obligation: ObligationSpec, period: Period): Period {
  return obligation.cadence === 'annual'
    ? { year: period.year, quarter: null }
    : period.quarter
      ? period
      : { year: period.year, quarter: 4 };
}

/** What fulfils an obligation for a period, as status and the reminder plan read it. */
export async function fulfilledFor(
  store: Store,
  obligation: ObligationSpec,
  period: Period,
): Promise<Fulfilled[]> {
  const label = formatPeriod(period);
  const fulfilment = obligation.fulfilment;
  // D1, D2: done once every document of the obligation came in (src/app/documents.ts).
  if (fulfilment.kind === 'documents') return documentsFulfilled(store, obligation, period.year);
  const form = fulfilment.kind === 'ledger' ? fulfilment.ledger : fulfilment.form;
  if (obligation.debtors !== 'regional_pairs') {
    const facts = await submissionFacts(store, [form], label);
    const spec = ledgerById(form);
    const events = needsReview(spec)
      ? await sheetEventsFor(store, form, label)
      : new Map<string, SheetEvent[]>();
    return facts.map((f) => {
      // Revisions are numbered 1, 2, …: their count is the latest revision.
      const state = sheetState(spec, f.revisions, events.get(f.countyId) ?? []);
      return {
        countyId: f.countyId,
        partner: null,
        firstAt: f.firstAt,
        lastAt: f.lastAt,
        revisions: f.revisions,
        review: state === 'not_reported' ? undefined : state,
      };
    });
  }
  // A pair's declaration is a row of the county's sheet keyed by the helper; it counts once it gives
  // every date the form asks (both the visits' and the meeting's for M3).
  const spec = ledgerById(form);
  const sheets = await currentSheets(store, form, label);
  const facts = new Map((await submissionFacts(store, [form], label)).map((f) => [f.countyId, f]));
  return sheets.flatMap((sheet) => {
    const fact = facts.get(sheet.countyId);
    return sheet.rows
      .filter((row) => declaresEveryDate(spec, row.values))
      .map((row) => ({
        countyId: sheet.countyId,
        partner: String(row.values[spec.rowKey[0] ?? ''] ?? ''),
        firstAt: fact?.firstAt ?? sheet.submittedAt,
        lastAt: sheet.submittedAt,
        revisions: fact?.revisions ?? sheet.revision,
      }));
  });
}

async function summarise(
  store: Store,
  roster: Roster,
  ledger: LedgerSpec,
  period: Period,
  viewer: Viewer,
): Promise<LedgerSummary> {
  const p = ledger.cadence === 'annual' ? { year: period.year, quarter: null } : period;
  const label = formatPeriod(p);
  const scope = viewer.scope.all ? undefined : viewer.scope.countyIds;
  const toSheets = (list: Awaited<ReturnType<typeof currentSheets>>): CountySheet[] =>
    list.map((s) => ({ countyId: s.countyId, rows: s.rows.map((r) => r.values) }));
  const current = toSheets(await currentSheets(store, ledger.id, label, scope));
  const previousPeriod = previousQuarterInYear(p);
  const previous = previousPeriod
    ? toSheets(await currentSheets(store, ledger.id, formatPeriod(previousPeriod), scope))
    : [];
  const falls = previousPeriod
    ? yearToDateFalls(ledger, roster, current, previous, {
        current: label,
        previous: formatPeriod(previousPeriod),
      })
    : [];
  return {
    ledger,
    period: label,
    counties: current.length,
    totals: ledgerTotals(ledger, current),
    ytdFalls: falls.map((f) => ({
      ...f,
      countyName: findUnit(roster, f.countyId)?.name ?? f.countyId,
    })),
  };
}
