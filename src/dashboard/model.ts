// What the dashboard shows for a period, as plain data: one column per ledger or declaration due in
// it, one row per county, each cell 未报 / 已报待确认 / 已确认 / 退回修改 with how late it came in (or
// how long overdue it is), progress per column and in all, and the figures' totals with completion
// rates for one ledger. Everything comes from `statusReport`, as the chat replies do.
import { type LedgerSummary, statusReport } from '../app/status.ts';
import { ledgerById } from '../domain/ledgers/index.ts';
import type { Problem } from '../domain/problem.ts';
import { counties, type Roster, type RosterUnit } from '../domain/roster.ts';
import type { ObligationStatus, OwedStatus } from '../domain/status.ts';
import { say } from '../prompts.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { Store } from '../store/store.ts';

/** The four states of issue 6 (a sheet needing no review is 已确认 once sent) with 未报 split by the
 *  due date (逾期未报 once it has passed), or 不适用. */
export type CellState = 'overdue' | 'not_reported' | 'pending' | 'confirmed' | 'returned' | 'not_applicable';

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
  /** Days after the due date it first came in (0 when on time or not in). */
  daysLate: number;
  /** Days past the due date while not in or returned (0 otherwise). */
  daysOverdue: number;
}

export interface Progress {
  total: number;
  confirmed: number;
  pending: number;
  returned: number;
  notReported: number;
  /** Of those not reported, how many are past their due date. */
  overdue: number;
  /** Of those reported, how many came in after the due date. */
  late: number;
  /** Reported (pending or confirmed) ÷ owed: a returned sheet is not done. */
  rate: number;
}

export interface DashboardModel {
  period: string;
  /** The city the page is filtered to (null: the whole province). */
  city: { id: string; name: string } | null;
  columns: Column[];
  rows: { county: string; city: string; cells: Cell[] }[];
  progress: Progress[];
  overall: Progress;
  summary: LedgerSummary | null;
}

export type DashboardResult = { ok: true; model: DashboardModel } | { ok: false; problems: Problem[] };

export async function buildDashboard(
  store: Store,
  query: { period: string; ledger: string; city?: string },
  now: Date,
): Promise<DashboardResult> {
  const roster = await loadRoster(store);
  const city = query.city ? findCity(roster, query.city) : null;
  if (query.city && !city)
    return { ok: false, problems: [{ code: 'city_unknown', params: { got: query.city.slice(0, 20) } }] };
  const within = city ? { within: city.id } : {};
  const status = await statusReport(store, { period: query.period, ...within }, now);
  if (!status.ok) return status;
  const figures = await statusReport(store, { period: query.period, ledger: query.ledger, ...within }, now);
  if (!figures.ok) return figures;
  // Documents (D1, D2) are shown like the rest: done once every document of the obligation came in.
  const shown = status.report.obligations;
  const cityName = (id: string | null) => roster.units.find((u) => u.id === id)?.name ?? '';
  const progress = shown.map(progressOf);
  return {
    ok: true,
    model: {
      period: query.period,
      city: city ? { id: city.id, name: city.name } : null,
      columns: shown.map(columnOf),
      rows: counties(roster)
        .filter((county) => !city || county.cityId === city.id)
        .map((county) => ({
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
  // Short words in the column (附件2 / 省直定点帮扶, 首次联席会议), never a code; the full title on hover.
  const short = ledger?.shortName ?? o.obligation.shortName;
  return {
    obligation: o.obligation.id,
    label: ledger?.attachment ? say('dashboard.attachment', { n: ledger.attachment }) : short,
    name: ledger?.attachment ? short : '',
    title: o.obligation.title,
    due: o.due,
  };
}

/** One county's items under a column (several for M3's pairs): the state that most needs attention. */
function cellOf(items: readonly OwedStatus[]): Cell {
  const done = items.filter((i) => i.state === 'reported');
  const daysLate = Math.max(0, ...done.map((i) => i.daysLate));
  const daysOverdue = Math.max(0, ...items.map((i) => i.daysOverdue));
  const state: CellState =
    items.length === 0
      ? 'not_applicable'
      : items.some((i) => i.state === 'returned')
        ? 'returned'
        : done.length < items.length
          ? daysOverdue > 0
            ? 'overdue'
            : 'not_reported'
          : done.some((i) => i.review === 'pending')
            ? 'pending'
            : 'confirmed';
  return { state, done: done.length, owed: items.length, daysLate, daysOverdue };
}

function progressOf(o: ObligationStatus): Progress {
  const { total, reported, confirmed, returned, late, rate } = o.progress;
  return {
    total,
    confirmed,
    pending: reported - confirmed,
    returned,
    notReported: total - reported - returned,
    overdue: o.items.filter((i) => i.state === 'not_reported' && i.daysOverdue > 0).length,
    late,
    rate,
  };
}

function sum(list: readonly Progress[]): Progress {
  const add = (key: Exclude<keyof Progress, 'rate'>) => list.reduce((n, p) => n + p[key], 0);
  const total = add('total');
  const confirmed = add('confirmed');
  const pending = add('pending');
  return {
    total,
    confirmed,
    pending,
    returned: add('returned'),
    notReported: add('notReported'),
    overdue: add('overdue'),
    late: add('late'),
    rate: total === 0 ? 1 : (confirmed + pending) / total,
  };
}

/** A city by its id or name (十堰市, 十堰). */
export function findCity(roster: Roster, ref: string): RosterUnit | undefined {
  const wanted = ref.trim();
  return roster.units.find(
    (u) =>
      u.kind === 'city' &&
      (u.id === wanted || u.name === wanted || u.name.replace(/[市州区]$|林区$/, '') === wanted),
  );
}

/** The cities that have counties, in roster order (the filter's choices). */
export function citiesOf(roster: Roster): RosterUnit[] {
  const withCounties = new Set(counties(roster).map((c) => c.cityId));
  return roster.units.filter((u) => u.kind === 'city' && withCounties.has(u.id));
}
