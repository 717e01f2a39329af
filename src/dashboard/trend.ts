// The year at a glance: how complete each quarter's reporting is, and how a ledger's main figures (the
// fields its declaration marks `headline`, each with its plan) grew from quarter to quarter, in total
// and per county, within the whole province or one city. Quarters not yet begun are left out.
import { statusReport } from '../app/status.ts';
import { notYetDue } from '../domain/current-period.ts';
import type { FieldSpec, LedgerSpec } from '../domain/ledgers/types.ts';
import { formatPeriod, type Period } from '../domain/period.ts';
import { counties, type Roster, type RosterUnit } from '../domain/roster.ts';
import { currentSheets } from '../store/revisions-repo.ts';
import type { Store } from '../store/store.ts';

export interface TrendMetric {
  key: string;
  label: string;
  unit: string;
  field: FieldSpec;
  /** The planned figure's label, when the field declares a plan. */
  planLabel: string | null;
  /** Per quarter shown; null where no county had reported. */
  actual: (number | null)[];
  planned: (number | null)[] | null;
  counties: { county: string; values: (number | null)[] }[];
}

export interface Trend {
  year: number;
  /** The quarters begun ("2023Q1", …), in order. */
  quarters: string[];
  /** Per quarterly obligation and in all (label null): reported ÷ owed per quarter. */
  completion: { label: string | null; rates: number[] }[];
  ledger: LedgerSpec;
  /** Counties whose sheet of the ledger is in, per quarter. */
  reported: number[];
  metrics: TrendMetric[];
}

const QUARTERS = [1, 2, 3, 4] as const;

export async function buildTrend(
  store: Store,
  input: { year: number; ledger: LedgerSpec; city: RosterUnit | null; roster: Roster },
  now: Date,
): Promise<Trend> {
  const periods: Period[] = QUARTERS.map((quarter) => ({ year: input.year, quarter })).filter(
    (p) => !notYetDue(p, now),
  );
  const within = input.city ? { within: input.city.id } : {};
  const statuses = await Promise.all(
    periods.map(async (p) => {
      const report = await statusReport(store, { period: formatPeriod(p), summary: false, ...within }, now);
      return report.ok ? report.report.obligations.filter((o) => o.obligation.cadence === 'quarterly') : [];
    }),
  );
  const names = [...new Set(statuses.flat().map((o) => o.obligation.shortName))];
  const rateOf = (list: (typeof statuses)[number]) => {
    const total = list.reduce((n, o) => n + o.progress.total, 0);
    return total === 0 ? 0 : list.reduce((n, o) => n + o.progress.reported, 0) / total;
  };
  const completion: Trend['completion'] = [
    ...names.map((label) => ({
      label,
      rates: statuses.map((list) => rateOf(list.filter((o) => o.obligation.shortName === label))),
    })),
    { label: null, rates: statuses.map(rateOf) },
  ];

  const places = counties(input.roster).filter((c) => !input.city || c.cityId === input.city.id);
  const scope = input.city ? places.map((c) => c.id) : undefined;
  const quarterly = input.ledger.cadence === 'quarterly';
  const sheets = quarterly
    ? await Promise.all(periods.map((p) => currentSheets(store, input.ledger.id, formatPeriod(p), scope)))
    : [];
  const sumOf = (key: string, rows: readonly { values: Record<string, unknown> }[]) =>
    rows.reduce((n, r) => n + Number(r.values[key] ?? 0), 0);
  const byKey = new Map(input.ledger.fields.map((f) => [f.key, f]));
  const metrics = input.ledger.fields
    .filter((f) => f.headline && quarterly)
    .map((field): TrendMetric => {
      const plan = field.planKey ? byKey.get(field.planKey) : undefined;
      const total = (key: string) =>
        sheets.map((list) => (list.length === 0 ? null : list.reduce((n, s) => n + sumOf(key, s.rows), 0)));
      return {
        key: field.key,
        label: field.label.replace(/^实际/, ''),
        unit: field.unit ?? '',
        field,
        planLabel: plan?.label ?? null,
        actual: total(field.key),
        planned: plan ? total(plan.key) : null,
        counties: places.map((county) => ({
          county: county.name,
          values: sheets.map((list) => {
            const sheet = list.find((s) => s.countyId === county.id);
            return sheet ? sumOf(field.key, sheet.rows) : null;
          }),
        })),
      };
    });
  return {
    year: input.year,
    quarters: periods.map(formatPeriod),
    completion,
    ledger: input.ledger,
    reported: sheets.map((list) => list.length),
    metrics,
  };
}
