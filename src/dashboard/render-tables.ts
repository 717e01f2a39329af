// The dashboard's tables: counties × ledgers coloured by state and marked when late, progress totals
// per ledger, and one ledger's figures with their completion rates.
import type { LedgerSummary } from '../app/status.ts';
import { displayValue } from '../domain/ledgers/display.ts';
import { type Html, html } from '../http/html.ts';
import { say } from '../prompts.ts';
import { periodLabelWords } from '../wording.ts';
import type { Cell, DashboardModel, Progress } from './model.ts';

export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Each state's mark, written before its words: the table reads without colour (print, colour-blind
 *  readers). 不适用 stays blank. */
export const MARKS: Record<Cell['state'], string> = {
  confirmed: '✓',
  pending: '…',
  returned: '↩',
  overdue: '✕',
  not_reported: '○',
  not_applicable: '',
};

export function stateLabel(cell: Cell): string {
  return say(`dashboard.state.${cell.state}`);
}

const IN = new Set<Cell['state']>(['pending', 'confirmed']);
const OWED = new Set<Cell['state']>(['not_reported', 'overdue', 'returned']);

/** Written in the cell, not only coloured: 逾期N天 for a late report, 已逾期N天 for one still owed. */
export function lateMark(cell: Cell): string {
  if (IN.has(cell.state) && cell.daysLate > 0) return say('dashboard.markLate', { days: cell.daysLate });
  // 逾期未报 already says overdue: its mark says only how long.
  if (cell.state === 'overdue') return say('dashboard.markDays', { days: cell.daysOverdue });
  if (OWED.has(cell.state) && cell.daysOverdue > 0)
    return say('dashboard.markOverdue', { days: cell.daysOverdue });
  return '';
}

function cellTitle(cell: Cell): string {
  const state = stateLabel(cell);
  if (IN.has(cell.state) && cell.daysLate > 0)
    return say('dashboard.cellLate', { state, days: cell.daysLate });
  if (OWED.has(cell.state) && cell.daysOverdue > 0)
    return say('dashboard.cellOverdue', { state, days: cell.daysOverdue });
  return state;
}

function renderCell(cell: Cell): Html {
  // 不适用 is left blank (its title says why), so what is owed stands out.
  if (cell.state === 'not_applicable')
    return html`<td class="state state-not_applicable" title="${stateLabel(cell)}"><span class="sr-only">${stateLabel(cell)}</span></td>`;
  const mark = lateMark(cell);
  return html`<td class="state state-${cell.state}" title="${cellTitle(cell)}"><span class="mark" aria-hidden="true">${
    MARKS[cell.state]
  }</span>${stateLabel(cell)}${mark ? html`<span class="late-mark">${mark}</span>` : ''}${
    cell.owed > 1 ? html`<span class="pairs">${cell.done}/${cell.owed}</span>` : ''
  }</td>`;
}

export function renderMatrix(model: DashboardModel): Html {
  return html`<div class="table-wrap matrix-wrap" role="region" aria-labelledby="matrix-h" tabindex="0"><table class="matrix">
<caption class="sr-only">${say('dashboard.matrixCaption', { period: periodLabelWords(model.period) })}</caption>
<thead><tr><th scope="col">${say('dashboard.county')}</th><th scope="col" class="col-city">${say('dashboard.city')}</th>${model.columns.map(
    (c) =>
      html`<th scope="col" title="${c.title}"><span class="col-label">${c.label}</span><span class="col-name">${c.name}</span></th>`,
  )}</tr></thead>
<tbody>${model.rows.map(
    (row) =>
      html`<tr><th scope="row">${row.county}</th><td class="muted col-city">${row.city || '—'}</td>${row.cells.map(
        renderCell,
      )}</tr>`,
  )}</tbody>
</table></div>`;
}

export function renderProgressTable(model: DashboardModel): Html {
  const row = (label: Html | string, p: Progress, total = false) =>
    html`<tr${total ? html` class="total-row"` : ''}><th scope="row">${label}</th>${[
      p.total,
      p.confirmed + p.pending,
      p.confirmed,
      p.pending,
      p.returned,
      p.notReported,
      p.late,
    ].map(
      (n) => html`<td>${n}</td>`,
    )}<td class="rate-cell"><span class="rate">${percent(p.rate)}</span><meter min="0" max="1" low="0.6" high="0.99" optimum="1" value="${
      p.rate
    }" aria-hidden="true"></meter></td></tr>`;
  const heads = [
    'dashboard.ledger',
    'dashboard.owed',
    'dashboard.reportedAll',
    'dashboard.state.confirmed',
    'dashboard.state.pending',
    'dashboard.state.returned',
    'dashboard.state.not_reported',
    'dashboard.lateCount',
    'dashboard.rate',
  ] as const;
  return html`<div class="table-wrap"><table class="totals">
<thead><tr>${heads.map((key) => html`<th scope="col">${say(key)}</th>`)}</tr></thead>
<tbody>${model.columns.map((c, i) =>
    row(
      html`${c.label} ${c.name}<span class="due">${say('dashboard.due', { due: c.due })}</span>`,
      model.progress[i] ?? model.overall,
    ),
  )}${row(say('dashboard.total'), model.overall, true)}</tbody>
</table></div>`;
}

export function renderFigures(summary: LedgerSummary): Html {
  if (summary.totals.length === 0) return html`<p class="muted">${say('dashboard.noFigures')}</p>`;
  return html`<p class="muted">${say('dashboard.figuresFrom', {
    counties: summary.counties,
    period: periodLabelWords(summary.period),
  })}</p>
<div class="table-wrap"><table class="figures">
<thead><tr><th scope="col">${say('dashboard.item')}</th><th scope="col" class="num">${say(
    'dashboard.sum',
  )}</th><th scope="col" class="num">${say('dashboard.planRate')}</th></tr></thead>
<tbody>${summary.totals.map(
    (t) =>
      html`<tr><th scope="row">${t.group ? html`<span class="muted">${t.group} · </span>` : ''}${t.label}</th><td class="num">${displayValue(
        summary.ledger.fields.find((f) => f.key === t.key),
        t.total,
      )}</td><td class="num">${t.rate === null ? '—' : percent(t.rate)}</td></tr>`,
  )}</tbody>
</table></div>`;
}
