// Markup in every text field (issue 22, finding 2): cards whose every string is random text or an
// attacker's link, image, mention or tag, rendered for Feishu (Card JSON 2.0 markdown) and DingTalk
// (markdown messages). What a person wrote never becomes syntax: no link, image, tag or bare address in
// the markdown, only the renderer's own bold and grey/red font; and nothing written is dropped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCardMarkdown } from '../../src/channels/dingtalk/render-markdown.ts';
import { renderCard } from '../../src/channels/feishu/render.ts';
import { inertMarkdown } from '../../src/channels/inert-markdown.ts';
import type { Block, Button, Card, Input } from '../../src/conversation/model.ts';
import { anyText } from '../support/arbitraries.ts';

const RUNS = 300;

/** What people type to turn a card against its reader. */
const markup = fc.constantFrom(
  '[点此重新登录](https://evil.example/login)',
  '![二维码](https://evil.example/qr.png)',
  '<a href="https://evil.example">通知</a>',
  '<at id=all></at>',
  "<font color='red'>紧急</font>",
  "<link url='https://evil.example'>链接</link>",
  'https://evil.example/login',
  '[通知]: https://evil.example',
  '**加粗** _斜体_ ~~删除~~ `代码`',
  '# 标题\n- 列表\n> 引用',
  '&#91;x&#93;&#40;https://evil.example&#41;',
  '\\[转义\\]\\(https://evil.example\\)',
  '| a | b |',
);
const text = fc.oneof(
  markup,
  anyText,
  fc.tuple(anyText, markup, anyText).map((parts) => parts.join('')),
);

const button: fc.Arbitrary<Button> = fc.record({
  label: text,
  style: fc.constant('default' as const),
  action: fc.constant({ op: 'noop' }),
}) as fc.Arbitrary<Button>;

const input: fc.Arbitrary<Input> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('text' as const, 'number' as const, 'multiline' as const),
    name: fc.constant('f'),
    label: text,
    required: fc.boolean(),
    value: text,
    error: text,
  }),
  fc.record({
    kind: fc.constant('select' as const),
    name: fc.constant('s'),
    label: text,
    required: fc.boolean(),
    options: fc.array(fc.record({ label: text, value: fc.constant('v') }), { minLength: 1, maxLength: 3 }),
    error: text,
  }),
) as fc.Arbitrary<Input>;

const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text }),
  fc.record({
    kind: fc.constant('fields' as const),
    fields: fc.array(fc.record({ label: text, value: text }), { maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('note' as const), text }),
  fc.record({ kind: fc.constant('buttons' as const), buttons: fc.array(button, { maxLength: 3 }) }),
  fc.record({
    kind: fc.constant('table' as const),
    columns: fc.constant<{ key: string; label: string }[]>([
      { key: 'a', label: '县' },
      { key: 'b', label: '状态' },
    ]),
    rows: fc.array(fc.record({ a: text, b: text }), { maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('form' as const),
    name: fc.constant('form'),
    sections: fc.array(fc.record({ title: text, inputs: fc.array(input, { maxLength: 3 }) }), {
      maxLength: 2,
    }),
    buttons: fc.array(button, { minLength: 1, maxLength: 2 }),
  }),
);

const card: fc.Arbitrary<Card> = fc.record({
  title: text,
  subtitle: text,
  tone: fc.constantFrom('info' as const, 'warning' as const),
  blocks: fc.array(block, { minLength: 1, maxLength: 5 }),
});

/** Every markdown string in a Feishu card. */
function feishuMarkdown(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) feishuMarkdown(n, out);
  else if (node && typeof node === 'object') {
    const element = node as Record<string, unknown>;
    if (element.tag === 'markdown' && typeof element.content === 'string') out.push(element.content);
    for (const value of Object.values(element)) feishuMarkdown(value, out);
  }
  return out;
}

/** The markdown with the renderer's own markup taken out: what is left came from the text. */
function written(markdown: string): string {
  return markdown
    .replace(/<font color='(grey|red)'>\*?/g, '')
    .replace(/<\/font>/g, '')
    .replace(/\*\*/g, '')
    .replace(/^#### /gm, '')
    .replace(/^(- |> )/gm, '')
    .replace(/^\| (--- \| )*---\s*\|?$/gm, '')
    .replace(/(^\| | \| | \|$)/gm, ' ');
}

function inert(markdown: string): void {
  const left = written(markdown);
  expect(left).not.toMatch(/[[\]()<>`]/);
  expect(left).not.toContain('://');
  expect(left).not.toContain('&#');
}

/** The texts of a card a person may have written (the Feishu header is plain text, not markdown). */
function shownTexts(c: Card): string[] {
  return c.blocks.flatMap((b) =>
    b.kind === 'text' || b.kind === 'note'
      ? [b.text]
      : b.kind === 'fields'
        ? b.fields.flatMap((f) => [f.label, f.value])
        : [],
  );
}

describe('markup in every text field of a card', () => {
  it('Feishu: no link, image, tag or address in any markdown, and every text is there', () => {
    fc.assert(
      fc.property(card, (c) => {
        const rendered = renderCard(c, { maxBytes: 1_000_000 });
        const markdowns = feishuMarkdown(rendered.card.body);
        for (const m of markdowns) inert(m);
        const all = markdowns.join('\n');
        for (const t of shownTexts(c))
          for (const line of inertMarkdown(t).split('\n')) expect(all).toContain(line.trim());
      }),
      { numRuns: RUNS },
    );
  });

  it('DingTalk: the same for the whole markdown message, title and table cells included', () => {
    fc.assert(
      fc.property(card, (c) => {
        const { text: markdown } = renderCardMarkdown(c, { maxBytes: 1_000_000 });
        inert(markdown);
        for (const t of [c.title, ...shownTexts(c)])
          for (const line of inertMarkdown(t).split('\n')) expect(markdown).toContain(line.trim());
      }),
      { numRuns: RUNS },
    );
  });
});
