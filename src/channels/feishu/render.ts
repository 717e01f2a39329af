// Neutral cards and replies → Feishu Card JSON 2.0, message bodies and callback answers.
// Keeps every card under Feishu's 30 KB by cutting table rows; wording about the cut is the caller's.
import type { Block, BotResponse, Card, Reply, Tone } from '../../conversation/model.ts';
import {
  buttonElement,
  buttonRow,
  type CardElement,
  createNameRegistry,
  type FeishuCard,
  markdown,
  noteElement,
  plainText,
  TONE_TEMPLATE,
} from './card-json.ts';
import { feishuText } from './inert.ts';
import { renderChart } from './render-chart.ts';
import { renderForm } from './render-form.ts';

/** Card and post messages: 30 KB (FD 发送消息, error 230025); kept a little under. */
export const MAX_CARD_BYTES = 30_000;
export const MAX_CARD_COMPONENTS = 200;
const DEFAULT_MAX_TABLE_ROWS = 50;
/** Feishu shows at most 50 columns per table. */
const MAX_TABLE_COLUMNS = 50;

export interface RenderOptions {
  /** Rows kept per table before the size check (default 50). */
  maxTableRows?: number;
  /** Wording of the note put under a table whose rows were cut; without it no note is added. */
  omittedRowsNote?: (omitted: number) => string;
  maxBytes?: number;
}

export interface RenderedCard {
  card: FeishuCard;
  /** Table rows left out to stay within the limits, over all tables. */
  droppedRows: number;
  bytes: number;
  components: number;
}

/** The card's size in the request body as sent: there `content` carries it as a JSON string, so every
 *  quote and newline is escaped again (11–16% more on real cards than the card's own JSON). */
export function sentBytes(card: FeishuCard): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(card)), 'utf8');
}

export function renderCard(card: Card, options: RenderOptions = {}): RenderedCard {
  const maxBytes = options.maxBytes ?? MAX_CARD_BYTES;
  const maxRows = options.maxTableRows ?? DEFAULT_MAX_TABLE_ROWS;
  const limits = card.blocks.map((block) =>
    block.kind === 'table' ? Math.min(block.rows.length, maxRows) : 0,
  );
  for (;;) {
    const built = buildCard(card, limits, options);
    const bytes = sentBytes(built);
    const largest = limits.reduce((best, limit, i) => (limit > (limits[best] ?? 0) ? i : best), 0);
    const largestLimit = limits[largest] ?? 0;
    if (bytes <= maxBytes || largestLimit === 0) {
      const total = card.blocks.reduce(
        (sum, block) => sum + (block.kind === 'table' ? block.rows.length : 0),
        0,
      );
      const kept = limits.reduce((sum, limit) => sum + limit, 0);
      return { card: built, droppedRows: total - kept, bytes, components: countComponents(built.body) };
    }
    limits[largest] = Math.floor(largestLimit * 0.75);
  }
}

function buildCard(card: Card, limits: number[], options: RenderOptions): FeishuCard {
  const uniqueName = createNameRegistry();
  const elements = card.blocks.flatMap((block, i) => renderBlock(block, limits[i] ?? 0, options, uniqueName));
  return {
    schema: '2.0',
    header: {
      title: plainText(card.title),
      ...(card.subtitle ? { subtitle: plainText(card.subtitle) } : {}),
      template: TONE_TEMPLATE[card.tone],
    },
    body: { elements },
  };
}

function renderBlock(
  block: Block,
  rowLimit: number,
  options: RenderOptions,
  uniqueName: (wanted: string) => string,
): CardElement[] {
  switch (block.kind) {
    case 'text':
      return [markdown(feishuText(block.text))];
    case 'fields':
      if (block.fields.length === 0) return [];
      return [
        markdown(
          block.fields
            .map((field) => `**${feishuText(field.label)}**：${feishuText(field.value)}`)
            .join('\n'),
        ),
      ];
    case 'divider':
      return [{ tag: 'hr' }];
    case 'note':
      return [noteElement(feishuText(block.text))];
    case 'buttons':
      return buttonRow(block.buttons.map((button) => buttonElement(button)));
    case 'table': {
      const omitted = block.rows.length - rowLimit;
      const note =
        omitted > 0 && options.omittedRowsNote
          ? [noteElement(feishuText(options.omittedRowsNote(omitted)))]
          : [];
      return [renderTable(block, rowLimit), ...note];
    }
    case 'chart':
      return [renderChart(block.chart)];
    case 'form':
      return renderForm(block, uniqueName);
  }
}

/** Column keys become c0, c1, … so any key the bot uses is a valid Feishu column name. */
function renderTable(block: Extract<Block, { kind: 'table' }>, rowLimit: number): CardElement {
  const columns = block.columns.slice(0, MAX_TABLE_COLUMNS);
  return {
    tag: 'table',
    page_size: 10,
    row_height: 'low',
    header_style: { background_style: 'grey', bold: true },
    columns: columns.map((column, i) => ({
      name: `c${i}`,
      display_name: column.label,
      data_type: 'text',
      width: 'auto',
    })),
    rows: block.rows
      .slice(0, rowLimit)
      .map((row) => Object.fromEntries(columns.map((column, i) => [`c${i}`, row[column.key] ?? '']))),
  };
}

const TEXT_TAGS = new Set(['plain_text', 'lark_md', 'standard_icon', 'custom_icon']);

/** Components as Feishu counts them, roughly: every tagged object except text structs; table rows and
 *  chart specs are data, not components. */
export function countComponents(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((sum: number, item) => sum + countComponents(item), 0);
  if (typeof node !== 'object' || node === null) return 0;
  const record = node as Record<string, unknown>;
  const self = typeof record.tag === 'string' && !TEXT_TAGS.has(record.tag) ? 1 : 0;
  let nested = 0;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'rows' || key === 'chart_spec') continue;
    nested += countComponents(value);
  }
  return self + nested;
}

export type FeishuMessageBody = { msg_type: 'text' | 'interactive'; content: string };

/** Text and cards; a file reply is uploaded and sent by the client. */
export function renderMessage(
  reply: Exclude<Reply, { kind: 'file' }>,
  options: RenderOptions = {},
): FeishuMessageBody {
  if (reply.kind === 'text') return { msg_type: 'text', content: JSON.stringify({ text: reply.text }) };
  return { msg_type: 'interactive', content: JSON.stringify(renderCard(reply.card, options).card) };
}

const TOAST_TYPE: Record<Tone, 'info' | 'success' | 'warning' | 'error'> = {
  info: 'info',
  success: 'success',
  warning: 'warning',
  danger: 'error',
};

export interface FeishuCallbackBody {
  toast?: { type: 'info' | 'success' | 'warning' | 'error'; content: string };
  card?: { type: 'raw'; data: FeishuCard };
}

/** The body answering a `card.action.trigger` callback; `{}` changes nothing. */
export function renderCallbackResponse(
  response: Pick<BotResponse, 'toast' | 'update'>,
  options: RenderOptions = {},
): FeishuCallbackBody {
  const body: FeishuCallbackBody = {};
  if (response.toast) body.toast = { type: TOAST_TYPE[response.toast.tone], content: response.toast.text };
  if (response.update) body.card = { type: 'raw', data: renderCard(response.update, options).card };
  return body;
}
