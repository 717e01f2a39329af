// The trend section: completion per quarter as bars (one per quarterly ledger, then the total), and
// for each main figure of the chosen ledger its plan beside its actual per quarter, then a table of
// every county's figure per quarter with the total.
import type { Chart } from '../conversation/model.ts';
import { displayValue } from '../domain/ledgers/display.ts';
import { yuanToWan } from '../domain/money.ts';
import { chartConfig } from '../http/chart-config.ts';
import { type Html, html, jsonAttr } from '../http/html.ts';
import { say } from '../prompts.ts';
import { periodLabelWords } from '../wording.ts';
import { percent } from './render-tables.ts';
import type { Trend, TrendMetric } from './trend.ts';

/** Dark, distinct colours (the total dark blue), readable on a projector. */
const BAR_COLOURS = ['#0f766e', '#b45309', '#7c3aed', '#be185d', '#1b4f8a'] as const;
const PLAN_ACTUAL = ['#9db4d3', '#1b4f8a'] as const;

const quarterName = (label: string) =>
  say(`dashboard.trend.quarter.${label.slice(-1) as '1' | '2' | '3' | '4'}`);

export function renderTrend(trend: Trend): Html {
  if (trend.quarters.length === 0) return html`<p class="muted">${say('dashboard.trend.none')}</p>`;
  const lines = trend.completion.map((c, i) => ({
    name: c.label ?? say('dashboard.total'),
    colour: c.label === null ? (BAR_COLOURS[4] ?? '') : (BAR_COLOURS[i % 4] ?? ''),
    points: trend.quarters.map((q, j) => ({
      category: quarterName(q),
      value: Math.round((c.rates[j] ?? 0) * 1000) / 10,
    })),
  }));
  const chart: Chart = {
    kind: 'bar',
    title: say('dashboard.trend.completionTitle', { year: trend.year }),
    series: lines.map((l) => ({ name: l.name, points: l.points })),
  };
  const config = chartConfig(chart, { grouped: true, colours: lines.map((l) => l.colour) });
  const described = lines
    .map((l) => `${l.name}：${l.points.map((p) => `${p.category}${p.value}%`).join('，')}`)
    .join('；');
  return html`<div class="trend-grid">
  <figure class="trend-chart">
    <figcaption>${chart.title}</figcaption>
    <div class="chart-box tall"><canvas data-chart="${jsonAttr(config)}" role="img" aria-label="${described}"></canvas></div>
  </figure>
  ${renderCompletionTable(trend)}
</div>
<h3 class="trend-ledger">${say('dashboard.trend.figuresTitle', { ledger: trend.ledger.shortName, year: trend.year })}</h3>
<p class="hint">${say('dashboard.trend.cumulative', {
    reported: trend.quarters.map((q, i) => `${quarterName(q)}${trend.reported[i] ?? 0}`).join('、'),
  })}</p>
${
  trend.metrics.length === 0
    ? html`<p class="muted">${say('dashboard.trend.noFigures')}</p>`
    : html`<div class="metric-grid">${trend.metrics.map((m) => renderMetric(trend, m))}</div>`
}`;
}

function renderCompletionTable(trend: Trend): Html {
  return html`<div class="table-wrap"><table class="trend-table">
<caption class="sr-only">${say('dashboard.trend.completionTitle', { year: trend.year })}</caption>
<thead><tr><th scope="col">${say('dashboard.ledger')}</th>${trend.quarters.map(
    (q) => html`<th scope="col" class="num" title="${periodLabelWords(q)}">${quarterName(q)}</th>`,
  )}</tr></thead>
<tbody>${trend.completion.map(
    (c) =>
      html`<tr${c.label === null ? html` class="total-row"` : ''}><th scope="row">${c.label ?? say('dashboard.total')}</th>${c.rates.map(
        (r) => html`<td class="num">${percent(r)}</td>`,
      )}</tr>`,
  )}</tbody>
</table></div>`;
}

function renderMetric(trend: Trend, metric: TrendMetric): Html {
  const value = (n: number | null) => (n === null ? '—' : displayValue(metric.field, n));
  // Money is kept in yuan; the chart reads in 万元 as the table does.
  const plot = (n: number | null | undefined) =>
    n == null ? 0 : metric.field.kind === 'money' ? yuanToWan(n) : n;
  const chart: Chart = {
    kind: 'bar',
    title: metric.unit ? `${metric.label}（${metric.unit}）` : metric.label,
    series: [
      ...(metric.planned
        ? [
            {
              name: say('dashboard.trend.planned'),
              points: trend.quarters.map((q, i) => ({
                category: quarterName(q),
                value: plot(metric.planned?.[i]),
              })),
            },
          ]
        : []),
      {
        name: say('dashboard.trend.actual'),
        points: trend.quarters.map((q, i) => ({ category: quarterName(q), value: plot(metric.actual[i]) })),
      },
    ],
  };
  const config = chartConfig(chart, {
    grouped: true,
    colours: metric.planned ? PLAN_ACTUAL : [PLAN_ACTUAL[1]],
  });
  const described = chart.series
    .map((s) => `${s.name}：${s.points.map((p) => `${p.category}${p.value}`).join('，')}`)
    .join('；');
  // Counties with a figure, largest first; those without are counted, not listed as rows of dashes.
  const latest = (values: readonly (number | null)[]) => [...values].reverse().find((v) => v !== null) ?? -1;
  const shown = metric.counties
    .filter((c) => c.values.some((v) => v !== null))
    .sort((a, b) => latest(b.values) - latest(a.values));
  const missing = metric.counties.length - shown.length;
  return html`<article class="metric-card" aria-labelledby="tm-${metric.key}">
  <h4 id="tm-${metric.key}">${chart.title}</h4>
  <div class="chart-box"><canvas data-chart="${jsonAttr(config)}" role="img" aria-label="${described}"></canvas></div>
  <div class="table-wrap metric-wrap" role="region" aria-labelledby="tm-${metric.key}" tabindex="0"><table class="trend-table metric-table">
<thead><tr><th scope="col">${say('dashboard.county')}</th>${trend.quarters.map(
    (q) => html`<th scope="col" class="num" title="${periodLabelWords(q)}">${quarterName(q)}</th>`,
  )}</tr></thead>
<tbody>${shown.map(
    (c) =>
      html`<tr><th scope="row">${c.county}</th>${c.values.map((v) => html`<td class="num">${value(v)}</td>`)}</tr>`,
  )}</tbody>
<tfoot><tr class="total-row"><th scope="row">${say('dashboard.total')}</th>${metric.actual.map(
    (v) => html`<td class="num">${value(v)}</td>`,
  )}</tr>${
    metric.planned
      ? html`<tr class="plan-row"><th scope="row">${say('dashboard.trend.plannedTotal')}</th>${metric.planned.map(
          (v) => html`<td class="num">${value(v)}</td>`,
        )}</tr>`
      : ''
  }</tfoot>
</table></div>
${missing > 0 ? html`<p class="hint">${say('dashboard.trend.without', { count: missing })}</p>` : ''}
</article>`;
}
