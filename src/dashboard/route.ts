// GET /dashboard (and the Excel export beside it) as a Hono sub-app: the status of every county for
// a period, read with the bureau's scope. A bad period or ledger is a 400 page, never a 500.
import { Hono } from 'hono';
import { localDate, localDateTime } from '../domain/clock.ts';
import { quarterNowDue } from '../domain/current-period.ts';
import { findLedger, LEDGERS } from '../domain/ledgers/index.ts';
import { formatPeriod, parsePeriod } from '../domain/period.ts';
import { findUnit } from '../domain/roster.ts';
import { say } from '../prompts.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { Store } from '../store/store.ts';
import { describeProblem } from '../wording.ts';
import { buildDashboard, citiesOf } from './model.ts';
import { type DashboardView, renderDashboardPage } from './render.ts';
import { buildTrend } from './trend.ts';

export type ExportOutcome =
  | { ok: true; buffer: Uint8Array; filename: string }
  | { ok: false; message: string };

export interface DashboardDeps {
  store: Store;
  now(): Date;
  demo: boolean;
  /** The Excel export (src/app/excel.ts); without it the page offers no download. */
  exportWorkbook?: (query: { period: string; ledger?: string }, now: Date) => Promise<ExportOutcome>;
}

const FIGURE_LEDGERS = LEDGERS.filter((l) => l.workbook);
/** The figures shown first: the first workbook ledger every county owes (附件2). */
const DEFAULT_LEDGER = FIGURE_LEDGERS.find((l) => l.obligation?.debtors === 'counties')?.id ?? '';

export function dashboardRoutes(deps: DashboardDeps): Hono {
  const app = new Hono();

  app.get('/dashboard', async (c) => {
    const now = deps.now();
    const { period, ledger } = normalise(
      c.req.query('period')?.trim() || formatPeriod(quarterNowDue(now)),
      c.req.query('ledger')?.trim() || DEFAULT_LEDGER,
    );
    const city = c.req.query('city')?.trim().slice(0, 40) ?? '';
    const roster = await loadRoster(deps.store);
    const view: DashboardView = {
      model: null,
      trend: null,
      cities: citiesOf(roster).map((u) => ({ id: u.id, name: u.name })),
      city,
      error: null,
      period,
      ledger,
      periods: periodChoices(now, period),
      ledgers: FIGURE_LEDGERS.map((l) => ({ id: l.id, label: `附件${l.attachment} ${l.shortName}` })),
      asOf: localDateTime(now),
      exportHref: deps.exportWorkbook ? `/dashboard/export.xlsx?period=${encodeURIComponent(period)}` : null,
      demo: deps.demo,
    };
    const bad = checkQuery(period, ledger);
    if (bad) return c.html(renderDashboardPage({ ...view, exportHref: null, error: bad }), 400);
    const built = await buildDashboard(deps.store, { period, ledger, ...(city ? { city } : {}) }, now);
    if (!built.ok) {
      const error = built.problems.map(describeProblem).join('；');
      return c.html(renderDashboardPage({ ...view, exportHref: null, error }), 400);
    }
    const spec = findLedger(ledger);
    const chosen = built.model.city ? findUnit(roster, built.model.city.id) : undefined;
    const trend = spec
      ? await buildTrend(
          deps.store,
          { year: parsePeriod(period)?.year ?? 0, ledger: spec, city: chosen ?? null, roster },
          now,
        )
      : null;
    return c.html(
      renderDashboardPage({ ...view, city: built.model.city?.name ?? '', model: built.model, trend }),
    );
  });

  const exportWorkbook = deps.exportWorkbook;
  if (exportWorkbook) {
    app.get('/dashboard/export.xlsx', async (c) => {
      const now = deps.now();
      const period = c.req.query('period')?.trim() || formatPeriod(quarterNowDue(now));
      const ledger = c.req.query('ledger')?.trim();
      const bad = checkQuery(period, ledger ?? DEFAULT_LEDGER);
      if (bad) return c.json({ ok: false, error: bad }, 400);
      const query = normalise(period, ledger ?? DEFAULT_LEDGER);
      const result = await exportWorkbook(
        { period: query.period, ...(ledger ? { ledger: query.ledger } : {}) },
        now,
      );
      if (!result.ok) return c.json({ ok: false, error: result.message }, 400);
      return c.body(new Uint8Array(result.buffer), 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="bangfu-${query.period}.xlsx"; filename*=UTF-8''${encodeURIComponent(result.filename)}`,
        'Cache-Control': 'no-store',
      });
    });
  }
  return app;
}

function checkQuery(period: string, ledger: string): string | null {
  if (!parsePeriod(period)) return say('dashboard.badPeriod', { got: period.slice(0, 20) });
  const spec = findLedger(ledger);
  if (!spec || !FIGURE_LEDGERS.includes(spec))
    return say('dashboard.badLedger', { got: ledger.slice(0, 20) });
  return null;
}

/** "2023q1" → "2023Q1"; the ledger's id for any of its names. */
function normalise(period: string, ledger: string): { period: string; ledger: string } {
  const p = parsePeriod(period);
  return { period: p ? formatPeriod(p) : period, ledger: findLedger(ledger)?.id ?? ledger };
}

/** The quarters and years around now, newest first, plus the one asked for. */
function periodChoices(now: Date, asked: string): string[] {
  const year = Number(localDate(now).slice(0, 4));
  const choices = [year, year - 1].flatMap((y) => [`${y}Q4`, `${y}Q3`, `${y}Q2`, `${y}Q1`, String(y)]);
  return parsePeriod(asked) && !choices.includes(asked) ? [asked, ...choices] : choices;
}
