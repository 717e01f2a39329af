// GET /dashboard as HTML: period picker and export link, headline figures, a progress chart per
// ledger, the counties × ledgers table in the four states with its legend, progress totals, and one
// ledger's figures.
import type { Chart } from '../conversation/model.ts';
import { LEDGERS } from '../domain/ledgers/index.ts';
import { needsReview } from '../domain/review.ts';
import { chartConfig } from '../http/chart-config.ts';
import { type Html, html, jsonAttr } from '../http/html.ts';
import { renderPage } from '../http/page.ts';
import { say } from '../prompts.ts';
import { periodLabelWords } from '../wording.ts';
import type { CellState, Column, DashboardModel, Progress } from './model.ts';
import { MARKS, percent, renderFigures, renderMatrix, renderProgressTable } from './render-tables.ts';
import { renderTrend } from './render-trend.ts';
import type { Trend } from './trend.ts';

export interface DashboardView {
  model: DashboardModel | null;
  trend: Trend | null;
  /** The cities to filter by, and the one chosen ('' for the whole province). */
  cities: readonly { id: string; name: string }[];
  city: string;
  /** A problem with the request, shown instead of the figures. */
  error: string | null;
  period: string;
  ledger: string;
  periods: readonly string[];
  ledgers: readonly { id: string; label: string }[];
  asOf: string;
  exportHref: string | null;
  demo: boolean;
}

export function renderDashboardPage(view: DashboardView): string {
  const body = html`<div class="dash">
<header class="dash-head">
  <div>
    <h1>${say('dashboard.heading', { period: periodLabel(view.period) })}${
      view.model?.city ? html`<span class="heading-city">${view.model.city.name}</span>` : ''
    }</h1>
    <p class="muted">${say(view.model?.city ? 'dashboard.asOfCity' : 'dashboard.asOf', {
      at: view.asOf,
      counties: view.model?.rows.length ?? 0,
      city: view.model?.city?.name ?? '',
    })}</p>
  </div>
  <div class="dash-tools">
    <form class="period-form" method="get" action="/dashboard">
      <label for="period">${say('dashboard.period')}</label>
      <select id="period" name="period">${view.periods.map(
        (p) =>
          html`<option value="${p}"${p === view.period ? html` selected` : ''}>${periodLabel(p)}</option>`,
      )}</select>
      <label for="city">${say('dashboard.cityFilter')}</label>
      <select id="city" name="city"><option value="">${say('dashboard.allCities')}</option>${view.cities.map(
        (c) =>
          html`<option value="${c.name}"${c.name === view.city ? html` selected` : ''}>${c.name}</option>`,
      )}</select>
      <input type="hidden" name="ledger" value="${view.ledger}">
      <button type="submit" class="btn btn-default">${say('dashboard.show')}</button>
    </form>
    <button type="button" class="btn btn-default" data-print hidden>${say('dashboard.print')}</button>
    ${view.exportHref ? html`<a class="btn btn-primary" href="${view.exportHref}" download>${say('dashboard.export')}</a>` : ''}
  </div>
</header>
${view.error ? html`<p class="alert" role="alert">${view.error}</p>` : ''}
${view.model ? renderModel(view, view.model) : ''}
</div>`;
  return renderPage({
    title: say('dashboard.title'),
    active: 'dashboard',
    body,
    styles: ['dashboard.css'],
    scripts: ['chart.umd.js', 'charts.js', 'dashboard.js'],
    demo: view.demo,
  });
}

function renderModel(view: DashboardView, model: DashboardModel): Html {
  const o = model.overall;
  const query = (ledger: string) =>
    `/dashboard?period=${encodeURIComponent(view.period)}${
      view.city ? `&city=${encodeURIComponent(view.city)}` : ''
    }&ledger=${encodeURIComponent(ledger)}`;
  return html`<section class="kpis" aria-label="${say('dashboard.kpiLabel')}">
  ${kpi(say('dashboard.owed'), String(o.total))}
  ${kpi(say('dashboard.rate'), percent(o.rate), 'rate')}
  ${STATES.map((s) => kpi(say(`dashboard.state.${s}`), String(countOf(o, s)), s, MARKS[s]))}
  ${kpi(say('dashboard.lateCount'), String(o.late), 'late')}
</section>
<section aria-labelledby="ledgers-h">
  <h2 id="ledgers-h">${say('dashboard.byLedger')}</h2>
  <div class="ledger-grid">${model.columns.map((c, i) => ledgerCard(c, model.progress[i] ?? o))}</div>
</section>
<section aria-labelledby="matrix-h">
  <h2 id="matrix-h">${say('dashboard.matrixTitle')}</h2>
  ${legend()}
  ${renderMatrix(model)}
</section>
<section aria-labelledby="totals-h">
  <h2 id="totals-h">${say('dashboard.totalsTitle')}</h2>
  ${renderProgressTable(model)}
  ${model.columns.length === 0 ? html`<p class="muted">${say('dashboard.nothingDue')}</p>` : ''}
  <p class="hint">${say('dashboard.documentsNote')}</p>
</section>
<section aria-labelledby="figures-h">
  <h2 id="figures-h">${say('dashboard.figuresTitle')}</h2>
  <nav class="tabs" aria-label="${say('dashboard.figuresTitle')}">${view.ledgers.map(
    (l) =>
      html`<a class="tab" href="${query(l.id)}"${l.id === view.ledger ? html` aria-current="page"` : ''}>${l.label}</a>`,
  )}</nav>
  ${model.summary ? renderFigures(model.summary) : html`<p class="muted">${say('dashboard.noFigures')}</p>`}
  ${
    view.exportHref
      ? html`<p><a class="btn btn-default" href="${view.exportHref}&amp;ledger=${encodeURIComponent(view.ledger)}" download>${say(
          'dashboard.exportLedger',
        )}</a></p>`
      : ''
  }
</section>
${
  view.trend
    ? html`<section class="trend" aria-labelledby="trend-h">
  <h2 id="trend-h">${say('dashboard.trend.title', { year: view.trend.year })}</h2>
  ${renderTrend(view.trend)}
</section>`
    : ''
}`;
}

function kpi(label: string, value: string, state?: string, mark?: string): Html {
  return html`<div class="kpi${state ? ` kpi-${state}` : ''}"><span class="kpi-value">${value}</span><span class="kpi-label">${
    mark ? html`<span class="mark" aria-hidden="true">${mark}</span>` : ''
  }${label}</span></div>`;
}

/** The states, settled first, each with its colour on the charts (the table's tints are in CSS):
 *  confirmed green, waiting blue, returned amber, overdue red, not yet due grey. */
const STATES = ['confirmed', 'pending', 'returned', 'overdue', 'not_reported'] as const;
const STATE_COLOURS: Record<(typeof STATES)[number], string> = {
  confirmed: '#2e7d4f',
  pending: '#2f6db5',
  returned: '#d9901a',
  overdue: '#c62828',
  not_reported: '#c3c8d1',
};

/** Counted in the KPIs and charts: 未报 there is what is still owed and not yet due. */
function countOf(p: Progress, state: (typeof STATES)[number]): number {
  return {
    confirmed: p.confirmed,
    pending: p.pending,
    returned: p.returned,
    overdue: p.overdue,
    not_reported: p.notReported - p.overdue,
  }[state];
}

function ledgerCard(column: Column, p: Progress): Html {
  const chart: Chart = {
    kind: 'pie',
    title: `${column.label} ${column.name}`,
    series: [
      {
        name: column.label,
        points: STATES.map((s) => ({ category: say(`dashboard.state.${s}`), value: countOf(p, s) })),
      },
    ],
  };
  const config = chartConfig(chart, { colours: STATES.map((s) => STATE_COLOURS[s]), legend: false });
  return html`<article class="ledger-card" aria-labelledby="lc-${column.obligation}">
  <h3 id="lc-${column.obligation}"><span class="col-label">${column.label}</span> ${column.name}</h3>
  <p class="muted small">${say('dashboard.due', { due: column.due })}</p>
  <div class="ledger-body">
    <div class="donut"><canvas data-chart="${jsonAttr(config)}" role="img" aria-label="${say(
      'dashboard.chartLabel',
      {
        name: chart.title,
        confirmed: p.confirmed,
        pending: p.pending,
        returned: p.returned,
        overdue: p.overdue,
        missing: p.notReported - p.overdue,
      },
    )}"></canvas><span class="donut-rate">${percent(p.rate)}</span></div>
    <dl class="ledger-stats">
      ${STATES.map(
        (s) =>
          html`<div><dt><i class="dot dot-${s}"></i>${say(`dashboard.state.${s}`)}</dt><dd>${countOf(p, s)}</dd></div>`,
      )}
      <div><dt>${say('dashboard.lateCount')}</dt><dd>${p.late}</dd></div>
      <div><dt>${say('dashboard.owed')}</dt><dd>${p.total}</dd></div>
    </dl>
  </div>
</article>`;
}

/** What each colour and mark of the table means, and which ledgers a lead unit confirms. */
function legend(): Html {
  const shown: CellState[] = [...STATES, 'not_applicable'];
  const reviewed = LEDGERS.filter(needsReview)
    .map((l) => `附件${l.attachment}`)
    .join('、');
  return html`<div class="legend-box"><p class="legend">${shown.map(
    (s) =>
      html`<span class="legend-item"><i class="swatch state-${s}" aria-hidden="true">${MARKS[s]}</i>${say(
        `dashboard.state.${s}`,
      )}</span>`,
  )}<span><span class="late-mark">${say('dashboard.markLate', { days: 'N' })}</span>${say(
    'dashboard.legendLate',
  )}</span><span><span class="late-mark">${say('dashboard.markOverdue', { days: 'N' })}</span>${say(
    'dashboard.legendOverdue',
  )}</span></p><p class="hint">${say('dashboard.legendReview', { reviewed })}</p></div>`;
}

/** "2023年第一季度" for the heading and the period picker. */
export function periodLabel(period: string): string {
  return periodLabelWords(period);
}
