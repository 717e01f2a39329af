// A figure added up from the counties' current sheets: per county and in all, with what it stands on —
// the counties expected, the ones counted, the ones missing (not reported, or returned for correction)
// and how many of those counted still await confirmation. Sheets hold integers (元, 人, 个), so sums are
// exact. A pure function of the sheets; the store reads them (app/figures.ts).
import type { Metric } from './ledgers/metrics.ts';
import type { RowValues } from './ledgers/types.ts';

export interface FigureSheet {
  countyId: string;
  rows: readonly RowValues[];
  /** Review of the sheet: a returned sheet is not counted (status counts it as not done either). */
  review: 'pending' | 'confirmed' | 'returned';
}

export interface CountyFigure {
  countyId: string;
  actual: number;
  /** Null when the metric has no plan. */
  planned: number | null;
}

export interface FigureTotals {
  byCounty: CountyFigure[];
  actual: number;
  planned: number | null;
  /** Counties expected to report, within the place asked about. */
  expected: number;
  /** Expected counties whose figures are not in the sum, with why. */
  missing: { countyId: string; returned: boolean }[];
  /** Counted sheets still awaiting their lead unit's confirmation. */
  pending: number;
}

export type Measure = 'actual' | 'planned' | 'rate';

function numberOf(value: RowValues[string] | undefined): number {
  return typeof value === 'number' ? value : 0;
}

/** One county's figure: every row, every part. */
function countyFigure(metric: Metric, sheet: FigureSheet): CountyFigure {
  let actual = 0;
  let planned = 0;
  for (const row of sheet.rows) {
    for (const part of metric.parts) {
      actual += numberOf(row[part.actual]);
      if (part.planned) planned += numberOf(row[part.planned]);
    }
  }
  const hasPlan = metric.parts.every((p) => p.planned !== null);
  return { countyId: sheet.countyId, actual, planned: hasPlan ? planned : null };
}

/** The metric summed over the sheets of the counties in `within`, against the counties `expected`. */
export function figureTotals(
  metric: Metric,
  sheets: readonly FigureSheet[],
  within: ReadonlySet<string>,
  expected: readonly string[],
): FigureTotals {
  const inPlace = sheets.filter((s) => within.has(s.countyId));
  const counted = inPlace.filter((s) => s.review !== 'returned');
  const byCounty = counted.map((s) => countyFigure(metric, s));
  const countedIds = new Set(counted.map((s) => s.countyId));
  const returned = new Set(inPlace.filter((s) => s.review === 'returned').map((s) => s.countyId));
  const hasPlan = metric.parts.every((p) => p.planned !== null);
  return {
    byCounty,
    actual: byCounty.reduce((sum, c) => sum + c.actual, 0),
    planned: hasPlan ? byCounty.reduce((sum, c) => sum + (c.planned ?? 0), 0) : null,
    expected: expected.length,
    missing: expected
      .filter((id) => !countedIds.has(id))
      .map((countyId) => ({ countyId, returned: returned.has(countyId) })),
    pending: counted.filter((s) => s.review === 'pending').length,
  };
}

/** A figure as measured: the actual or planned number, or actual ÷ planned (null without a plan). */
export function measured(
  figure: { actual: number; planned: number | null },
  measure: Measure,
): number | null {
  if (measure === 'actual') return figure.actual;
  if (measure === 'planned') return figure.planned;
  return figure.planned ? figure.actual / figure.planned : null;
}

/** Counties by the measure, largest first (or smallest first), ties by the order given; those with
 *  no value for the measure (no plan) left out. */
export function ranked(
  byCounty: readonly CountyFigure[],
  measure: Measure,
  order: 'top' | 'bottom',
): { countyId: string; value: number }[] {
  const values = byCounty.flatMap((c) => {
    const value = measured(c, measure);
    return value === null ? [] : [{ countyId: c.countyId, value }];
  });
  return values.sort((a, b) => (order === 'top' ? b.value - a.value : a.value - b.value));
}
