// Neutral blocks → DingTalk markdown, for `sampleMarkdown` messages and the card template's body.
// DingTalk's robot markdown has no tables in its documented subset (headings, bold, links, images,
// lists, quotes), so a table is a list, one item per row; charts, which it lacks too, a list of the
// series by category. Rows are cut to stay under the message size limit, and the wording of any note
// about the cut is the caller's.
import type { Block, Card, Chart, Input } from '../../conversation/model.ts';
import { dingtalkText } from './inert.ts';

/** groupMessages/send allows 15,000 bytes of msgParam (DD robot group send); kept a little under. */
export const MAX_MARKDOWN_BYTES = 14_000;
const DEFAULT_MAX_TABLE_ROWS = 50;

export interface MarkdownOptions {
  /** Rows kept per table before the size check (default 50). */
  maxTableRows?: number;
  /** Wording of the note put under a table whose rows were cut; without it no note is added. */
  omittedRowsNote?: (omitted: number) => string;
  maxBytes?: number;
}

export interface RenderedMarkdown {
  text: string;
  /** Table rows left out to stay within the limits, over all tables. */
  droppedRows: number;
}

/** The whole card as one markdown message: the title as a heading, then the blocks. */
export function renderCardMarkdown(card: Card, options: MarkdownOptions = {}): RenderedMarkdown {
  const head = [
    `#### ${dingtalkText(card.title)}`,
    ...(card.subtitle ? [dingtalkText(card.subtitle)] : []),
  ].join('\n\n');
  const body = renderBlocksMarkdown(card.blocks, options, Buffer.byteLength(head, 'utf8') + 2);
  return { text: body.text ? `${head}\n\n${body.text}` : head, droppedRows: body.droppedRows };
}

export function renderBlocksMarkdown(
  blocks: readonly Block[],
  options: MarkdownOptions = {},
  reservedBytes = 0,
): RenderedMarkdown {
  const maxBytes = (options.maxBytes ?? MAX_MARKDOWN_BYTES) - reservedBytes;
  const maxRows = options.maxTableRows ?? DEFAULT_MAX_TABLE_ROWS;
  const limits = blocks.map((block) => (block.kind === 'table' ? Math.min(block.rows.length, maxRows) : 0));
  const total = blocks.reduce((sum, b) => sum + (b.kind === 'table' ? b.rows.length : 0), 0);
  for (;;) {
    const text = blocks
      .map((block, i) => renderBlock(block, limits[i] ?? 0, options))
      .filter((part) => part !== '')
      .join('\n\n');
    const largest = limits.reduce((best, limit, i) => (limit > (limits[best] ?? 0) ? i : best), 0);
    const largestLimit = limits[largest] ?? 0;
    if (Buffer.byteLength(text, 'utf8') <= maxBytes || largestLimit === 0) {
      return { text, droppedRows: total - limits.reduce((sum, limit) => sum + limit, 0) };
    }
    limits[largest] = Math.floor(largestLimit * 0.75);
  }
}

/** Line breaks inside a paragraph: markdown's two trailing spaces. */
function lines(text: string): string {
  return text.split('\n').join('  \n');
}

function renderBlock(block: Block, rowLimit: number, options: MarkdownOptions): string {
  switch (block.kind) {
    case 'text':
      return lines(dingtalkText(block.text));
    case 'fields':
      return block.fields
        .map((field) => `- **${dingtalkText(field.label)}**：${dingtalkText(field.value)}`)
        .join('\n');
    case 'divider':
      return '---';
    case 'note':
      return dingtalkText(block.text)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'buttons':
      return buttonLine(block.buttons.map((button) => button.label));
    case 'table': {
      const omitted = block.rows.length - rowLimit;
      const note =
        omitted > 0 && options.omittedRowsNote
          ? `\n\n> ${dingtalkText(options.omittedRowsNote(omitted))}`
          : '';
      const rows = block.rows.slice(0, rowLimit).map((row) => block.columns.map((c) => row[c.key] ?? ''));
      return markdownList(
        block.columns.map((c) => c.label),
        rows,
      ).concat(note);
    }
    case 'chart':
      return renderChartList(block.chart);
    case 'form': {
      // Only when no card template is configured: the form cannot be filled, so show what it holds.
      const inputs = block.sections.flatMap((s) => s.inputs.map((input) => inputLine(input, s.title)));
      return [...inputs, buttonLine(block.buttons.map((b) => b.label))].filter(Boolean).join('\n');
    }
  }
}

function inputLine(input: Input, section: string | undefined): string {
  const label = section ? `${section}·${input.label}` : input.label;
  return `- **${dingtalkText(label)}**：${dingtalkText(input.value ?? '')}`;
}

function buttonLine(labels: readonly string[]): string {
  return labels.map((label) => `【${dingtalkText(label)}】`).join(' ');
}

/** A chart as a list: one item per category, with each series' value (a channel adds no words of its
 *  own, so the categories have no heading). */
export function renderChartList(chart: Chart): string {
  const categories = [...new Set(chart.series.flatMap((s) => s.points.map((p) => p.category)))];
  const rows = categories.map((category) => [
    category,
    ...chart.series.map((s) => String(s.points.find((p) => p.category === category)?.value ?? '')),
  ]);
  return `**${dingtalkText(chart.title)}**\n\n${markdownList(['', ...chart.series.map((s) => s.name)], rows)}`;
}

/** A table as a list: each row's first cell in bold, then every other cell after its column's label. */
export function markdownList(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return rows
    .map(([first = '', ...rest]) => {
      const pairs = rest.map((value, i) => `${header[i + 1] ?? ''}：${cell(value)}`);
      return `- **${cell(first)}**${pairs.length > 0 ? `　${pairs.join('，')}` : ''}`;
    })
    .join('\n');
}

/** A cell: one line, inert (its `|` full-width, so it cannot end the cell either). */
function cell(text: string): string {
  return dingtalkText(text).replace(/\r?\n/g, ' ');
}
