// A reply as plain text, the way a person reads it in chat: a card's title, subtitle and blocks in
// order, its form fields with their values, a chart as its figures, and its buttons listed by label.
// The CLI's `say` prints this; tests read every card through it.
import type { Block, BotResponse, Card, Reply } from './model.ts';

export function replyText(reply: Reply): string {
  switch (reply.kind) {
    case 'text':
      return reply.text;
    case 'file':
      return `[${reply.file.filename}]`;
    case 'card':
      return cardText(reply.card);
  }
}

export function cardText(card: Card): string {
  return [`【${card.title}】`, ...(card.subtitle ? [card.subtitle] : []), ...card.blocks.map(blockText)]
    .filter((line) => line !== '')
    .join('\n');
}

export function responseText(response: BotResponse): string {
  return [
    ...(response.toast ? [response.toast.text] : []),
    ...(response.update ? [cardText(response.update)] : []),
    ...response.replies.map(replyText),
    ...(response.privateReplies ?? []).map(replyText),
  ].join('\n\n');
}

const buttonsLine = (labels: readonly string[]) =>
  labels.length > 0 ? labels.map((l) => `[${l}]`).join(' ') : '';

function blockText(block: Block): string {
  switch (block.kind) {
    case 'text':
    case 'note':
      return block.text;
    case 'fields':
      return block.fields.map((f) => `${f.label}：${f.value}`).join('\n');
    case 'divider':
      return '—';
    case 'buttons':
      return buttonsLine(block.buttons.map((b) => b.label));
    case 'table':
      return [
        block.columns.map((c) => c.label).join(' | '),
        ...block.rows.map((row) => block.columns.map((c) => row[c.key] ?? '').join(' | ')),
      ].join('\n');
    case 'chart':
      return [
        block.chart.title,
        ...block.chart.series.map(
          (s) => `${s.name}：${s.points.map((p) => `${p.category} ${p.value}`).join('，')}`,
        ),
      ].join('\n');
    case 'form':
      return [
        ...block.sections.flatMap((section) => [
          ...(section.title ? [section.title] : []),
          ...section.inputs.map((i) => `${i.label}${i.required ? '*' : ''}：${i.value ?? ''}`),
        ]),
        buttonsLine(block.buttons.map((b) => b.label)),
      ].join('\n');
  }
}
