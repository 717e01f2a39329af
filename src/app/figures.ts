// "今年实际投入帮扶资金一共多少", "十堰各县消费帮扶排名": a figure of the ledgers added up from the store,
// within what the asker may see, for the period asked (a year is its latest quarter reported: the
// quarterly ledgers hold this year's figures to date), with the comparison period when a change is
// asked. Shared by chat and the CLI; the words are the bot's (bot/handlers/figure.ts).
import { obligationOfForm, owedFor } from '../domain/calendar.ts';
import { notYetDue, quarterNowDue } from '../domain/current-period.ts';
import { type FigureSheet, type FigureTotals, figureTotals } from '../domain/figures.ts';
import { ledgerById } from '../domain/ledgers/index.ts';
import type { Metric } from '../domain/ledgers/metrics.ts';
import type { LedgerSpec } from '../domain/ledgers/types.ts';
import { formatPeriod, type Period, previousQuarterInYear, samePeriodLastYear } from '../domain/period.ts';
import { sheetState } from '../domain/review.ts';
import { inScope, type Roster, type Scope } from '../domain/roster.ts';
import { sheetEventsFor } from '../store/review-repo.ts';
import { currentSheets } from '../store/revisions-repo.ts';
import type { Store } from '../store/store.ts';

export interface FigureFor {
  /** The sum for this period. */
  period: Period;
  totals: FigureTotals;
}

export interface MetricFigure {
  metric: Metric;
  ledger: LedgerSpec;
  current: FigureFor;
  /** For a change: the period compared with; null when there is none to compare (Q1 against the
   *  quarter before: the ledgers start every year from zero). */
  compared: FigureFor | null;
}

export interface FigureAsk {
  metrics: readonly Metric[];
  /** A quarter, or a year (then its latest quarter due that has sheets). */
  period: Period;
  against: 'previous_quarter' | 'last_year' | null;
  /** The counties asked about: the asker's scope, cut to the county or city named. */
  counties: readonly string[];
}

/** The counties of a scope, cut to one county or one city's counties when one is named. */
export function countiesAsked(
  roster: Roster,
  scope: Scope,
  place: { countyId: string | null; cityId: string | null },
): string[] {
  return roster.units
    .filter(
      (u) =>
        u.kind === 'county' &&
        inScope(scope, u.id) &&
        (place.countyId === null || u.id === place.countyId) &&
        (place.cityId === null || u.cityId === place.cityId),
    )
    .map((u) => u.id);
}

export async function figuresOf(
  store: Store,
  roster: Roster,
  ask: FigureAsk,
  now: Date,
): Promise<MetricFigure[]> {
  return Promise.all(
    ask.metrics.map(async (metric) => {
      const ledger = ledgerById(metric.ledger);
      const period = await periodFor(store, ledger, ask, now);
      const current = {
        period,
        totals: await totalsFor(store, roster, ledger, metric, period, ask.counties),
      };
      const other =
        ask.against === 'previous_quarter'
          ? previousQuarterInYear(period)
          : ask.against === 'last_year'
            ? samePeriodLastYear(period)
            : null;
      const compared = other
        ? { period: other, totals: await totalsFor(store, roster, ledger, metric, other, ask.counties) }
        : null;
      return { metric, ledger, current, compared };
    }),
  );
}

/** An annual ledger's year; a quarter as asked; a year asked of a quarterly ledger is its latest
 *  quarter due with any sheet in the place (year-to-date figures), or its latest quarter due. */
async function periodFor(store: Store, ledger: LedgerSpec, ask: FigureAsk, now: Date): Promise<Period> {
  if (ledger.cadence === 'annual') return { year: ask.period.year, quarter: null };
  if (ask.period.quarter) return ask.period;
  const due = quarterNowDue(now);
  const last = ask.period.year < due.year ? 4 : (due.quarter ?? 4);
  const quarters = ([4, 3, 2, 1] as const).filter((q) => q <= last);
  const within = new Set(ask.counties);
  for (const quarter of quarters) {
    const period = { year: ask.period.year, quarter };
    if (notYetDue(period, now)) continue;
    const sheets = await currentSheets(store, ledger.id, formatPeriod(period));
    if (sheets.some((s) => within.has(s.countyId))) return period;
  }
  return { year: ask.period.year, quarter: quarters[0] ?? 4 };
}

async function totalsFor(
  store: Store,
  roster: Roster,
  ledger: LedgerSpec,
  metric: Metric,
  period: Period,
  counties: readonly string[],
): Promise<FigureTotals> {
  const label = formatPeriod(period);
  const within = new Set(counties);
  // Every county's current sheets are read (and cached per revision count) and then cut to the place:
  // one read serves every asker.
  const sheets = (await currentSheets(store, ledger.id, label)).filter((s) => within.has(s.countyId));
  const events = ledger.review === 'lead_unit' ? await sheetEventsFor(store, ledger.id, label) : new Map();
  const figureSheets: FigureSheet[] = sheets.map((s) => {
    const state = sheetState(ledger, s.revision, events.get(s.countyId) ?? []);
    return {
      countyId: s.countyId,
      rows: s.rows.map((r) => r.values),
      review: state === 'returned' ? 'returned' : state === 'pending' ? 'pending' : 'confirmed',
    };
  });
  const obligation = obligationOfForm(ledger.id);
  // Who owes the ledger (附件1: the counties hosting central units); a ledger no one owes on a
  // schedule (责任书, 协议书) is expected of every county asked about.
  const expected = obligation
    ? owedFor(roster, obligation, period)
        .map((o) => o.county.id)
        .filter((id) => within.has(id))
    : [...counties];
  return figureTotals(metric, figureSheets, within, [...new Set(expected)]);
}
