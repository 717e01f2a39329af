// What the dashboard shows for a period, as plain data: one column per ledger or declaration due in
// it, one row per county, each cell 已报 / 逾期报送 / 未报, progress per column and in all, and the
// figures' totals with completion rates for one ledger. Everything comes from `statusReport`.
import { type LedgerSummary, statusReport } from '../app/status.ts';
import { ledgerById } from '../domain/ledgers/index.ts';
import type { Problem } from '../domain/problem.ts';
import { counties } from '../domain/roster.ts';
import type { ObligationStatus, OwedStatus } from '../domain/status.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { Store } from '../store/store.ts';

export type CellState = 'reported' | 'late' | 'not_reported' | 'not_applicable';

export interface Column {
  obligation: string;
  /** 附件2 / M1. */
  label: string;
  name: string;
  title: string;
  due: string;
}

export interface Cell {
  state: CellState;
  /** Pairs reported of those owed (M3 is owed per regional pair); 1/1 for a county's own ledger. */
  done: number;
  owed: number;
  daysLate: number;
  daysOverdue: number;
}

export interface Progress {
  total: number;
  onTime: number;
  late: number;
  notReported: number;
  rate: number;
}

export interface DashboardModel {
  period: string;
  columns: Column[];
  rows: { county: string; city: string; cells: Cell[] }[];
  progress: Progress[];
  overall: Progress;
  summary: LedgerSummary | null;
}

export type DashboardResult = { ok: true; model: DashboardModel } | { ok: false; problems: Problem[] };

export async function buildDashboard(
  store: Store,
  query: { period: string; ledger: string },
  now: Date,
): Promise<DashboardResult> {
  const status = await statusReport(store, { period: query.period }, now);
  if (!status.ok) return status;
  const figures = await statusReport(store, { period: query.period, ledger: query.ledger }, now);
  if (!figures.ok) return figures;
  const roster = await loadRoster(store);
  const shown = status.report.obligations.filter((o) => o.obligation.fulfilment.kind !== 'documents');
  const cityName = (id: string | null) => roster.units.find((u) => u.id === id)?.name ?? '';
  const progress = shown.map(progressOf);
  return {
    ok: true,
    model: {
      period: query.period,
      columns: shown.map(columnOf),
      rows: counties(roster).map((county) => ({
        county: county.name,
        city: cityName(county.cityId),
        cells: shown.map((o) => cellOf(o.items.filter((i) => i.owed.county.id === county.id))),
      })),
      progress,
      overall: sum(progress),
      summary: figures.report.summary,
    },
  };
}

function columnOf(o: ObligationStatus): Column {
  const f = o.obligation.fulfilment;
  const ledger =
    f.kind === 'ledger' ? ledgerById(f.ledger) : f.kind === 'declaration' ? ledgerById(f.form) : null;
  return {
    obligation: o.obligation.id,
    label: ledger?.attachment ? `附件${ledger.attachment}` : o.obligation.id,
    name: ledger?.shortName ?? o.obligation.title,
    title: o.obligation.title,
    due: o.due,
  };
}

function cellOf(items: readonly OwedStatus[]): Cell {
  const done = items.filter((i) => i.state === 'reported');
  const daysLate = Math.max(0, ...done.map((i) => i.daysLate));
  const daysOverdue = Math.max(0, ...items.map((i) => i.daysOverdue));
  const state: CellState =
    items.length === 0
      ? 'not_applicable'
      : done.length < items.length
        ? 'not_reported'
        : daysLate > 0
          ? 'late'
          : 'reported';
  return { state, done: done.length, owed: items.length, daysLate, daysOverdue };
}

function progressOf(o: ObligationStatus): Progress {
  const { total, reported, late } = o.progress;
  return { total, onTime: reported - late, late, notReported: total - reported, rate: o.progress.rate };
}

function sum(list: readonly Progress[]): Progress {
  const total = list.reduce((n, p) => n + p.total, 0);
  const onTime = list.reduce((n, p) => n + p.onTime, 0);
  const late = list.reduce((n, p) => n + p.late, 0);
  return {
    total,
    onTime,
    late,
    notReported: total - onTime - late,
    rate: total === 0 ? 1 : (onTime + late) / total,
  };
}
