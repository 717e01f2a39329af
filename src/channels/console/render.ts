// Neutral replies and cards → HTML for the console, block by block as the Feishu channel renders them
// to Card JSON. Everything the bot wrote is escaped by `html`; button values travel as JSON attributes.
import type { Block, Card, OutboundFile, Reply } from '../../conversation/model.ts';
import { chartConfig } from '../../http/chart-config.ts';
import { type Html, html, jsonAttr } from '../../http/html.ts';
import { renderButton } from './render-button.ts';
import { renderForm } from './render-form.ts';

/** `id` prefixes every element id inside (labels and errors must point at unique ids on the page). */
export function renderReply(reply: Reply, id: string): Html {
  if (reply.kind === 'text') return html`<div class="bubble bot"><p class="text">${reply.text}</p></div>`;
  if (reply.kind === 'file') return renderFile(reply.file);
  return renderCard(reply.card, id);
}

/** A file the bot sent: a download link carrying the bytes (the console has no file store). */
function renderFile(file: OutboundFile): Html {
  const href = `data:${file.mime};base64,${Buffer.from(file.bytes).toString('base64')}`;
  const size = `${Math.max(1, Math.round(file.bytes.byteLength / 1024))} KB`;
  return html`<div class="bubble bot"><p class="text">📎 <a class="file-link" download="${file.filename}" href="${href}">${
    file.filename
  }</a> （${size}）</p></div>`;
}

export function renderCard(card: Card, id: string): Html {
  const titleId = `${id}-title`;
  return html`<article class="card tone-${card.tone}" data-card aria-labelledby="${titleId}">
<header class="card-head"><h3 id="${titleId}">${card.title}</h3>${
    card.subtitle ? html`<p class="card-sub">${card.subtitle}</p>` : ''
  }</header>
<div class="card-body">${card.blocks.map((block, i) => renderBlock(block, `${id}-b${i}`))}</div>
</article>`;
}

function renderBlock(block: Block, id: string): Html {
  switch (block.kind) {
    case 'text':
      return html`<p class="text">${block.text}</p>`;
    case 'fields':
      return html`<dl class="fields">${block.fields.map(
        (f) => html`<div><dt>${f.label}</dt><dd>${f.value}</dd></div>`,
      )}</dl>`;
    case 'divider':
      return html`<hr>`;
    case 'note':
      return html`<p class="note">${block.text}</p>`;
    case 'buttons':
      return html`<div class="buttons">${block.buttons.map((b) => renderButton(b, 'button'))}</div>`;
    case 'table':
      return renderTable(block);
    case 'chart':
      return html`<figure class="chart">
<figcaption>${block.chart.title}</figcaption>
<div class="chart-box"><canvas data-chart="${jsonAttr(chartConfig(block.chart))}" role="img" aria-label="${
        block.chart.title
      }"></canvas></div>
<ul class="sr-only">${block.chart.series.flatMap((s) =>
        s.points.map((p) => html`<li>${p.category} ${s.name}：${p.value}</li>`),
      )}</ul>
</figure>`;
    case 'form':
      return renderForm(block, id);
  }
}

function renderTable(block: Extract<Block, { kind: 'table' }>): Html {
  return html`<div class="table-wrap"><table>
<thead><tr>${block.columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
<tbody>${block.rows.map(
    (row) => html`<tr>${block.columns.map((c) => html`<td>${row[c.key] ?? ''}</td>`)}</tr>`,
  )}</tbody>
</table></div>`;
}
