import { describe, expect, it } from 'vitest';
import type { CardElement } from '../../../src/channels/feishu/card-json.ts';
import {
  countComponents,
  MAX_CARD_BYTES,
  MAX_CARD_COMPONENTS,
  renderCallbackResponse,
  renderCard,
  renderMessage,
} from '../../../src/channels/feishu/render.ts';
import type { Card } from '../../../src/conversation/model.ts';

const everyBlock: Card = {
  title: '2026年2月 帮扶资金台账',
  subtitle: '示例县',
  tone: 'info',
  blocks: [
    { kind: 'text', text: '请填写本月数据。' },
    {
      kind: 'fields',
      fields: [
        { label: '单位', value: '示例县' },
        { label: '期间', value: '2026-02' },
      ],
    },
    { kind: 'divider' },
    { kind: 'note', text: '截止 3 月 5 日' },
    {
      kind: 'buttons',
      buttons: [
        { label: '查看', style: 'primary', action: { op: 'view', sheet: 'A1' } },
        { label: '稍后', style: 'default', action: { op: 'later' } },
      ],
    },
    {
      kind: 'table',
      columns: [
        { key: 'unit', label: '单位' },
        { key: 'state', label: '状态' },
      ],
      rows: [{ unit: '甲县', state: '已报' }, { unit: '乙县' }],
    },
    {
      kind: 'chart',
      chart: {
        kind: 'bar',
        title: '填报进度',
        series: [
          { name: '已报', points: [{ category: '甲市', value: 3 }] },
          { name: '未报', points: [{ category: '甲市', value: 1 }] },
        ],
      },
    },
    {
      kind: 'form',
      name: 'sheet',
      sections: [
        {
          title: '资金',
          inputs: [
            {
              kind: 'number',
              name: 'amount',
              label: '金额（万元）',
              required: true,
              value: '12.5',
              placeholder: '数字',
            },
            { kind: 'multiline', name: 'remark', label: '备注', required: false, error: '备注过长' },
          ],
        },
        {
          inputs: [
            {
              kind: 'select',
              name: 'kind',
              label: '类型',
              required: true,
              value: 'b',
              options: [
                { value: 'a', label: '甲' },
                { value: 'b', label: '乙' },
              ],
            },
            {
              kind: 'date',
              name: 'day',
              label: '日期',
              required: false,
              value: '2026-02-28',
              error: '日期不在本月',
            },
          ],
        },
      ],
      buttons: [
        { label: '提交', style: 'primary', submit: true, action: { op: 'submit', sheet: 'A1' } },
        { label: '取消', style: 'default', action: { op: 'cancel' } },
      ],
    },
    {
      kind: 'form',
      name: 'sheet',
      sections: [{ inputs: [{ kind: 'text', name: 'amount', label: '金额', required: false }] }],
      buttons: [{ label: '保存', style: 'primary', action: { op: 'save' } }],
    },
  ],
};

function walk(
  node: unknown,
  visit: (element: CardElement, insideForm: boolean) => void,
  insideForm = false,
): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit, insideForm);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as CardElement;
  if (typeof record.tag === 'string') visit(record, insideForm);
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'rows' && key !== 'chart_spec') walk(value, visit, insideForm || record.tag === 'form');
  }
}

describe('renderCard', () => {
  const { card, droppedRows, bytes, components } = renderCard(everyBlock);
  const elements = card.body.elements;

  it('declares JSON 2.0 with a header coloured by tone', () => {
    expect(card.schema).toBe('2.0');
    expect(card.header).toEqual({
      title: { tag: 'plain_text', content: '2026年2月 帮扶资金台账' },
      subtitle: { tag: 'plain_text', content: '示例县' },
      template: 'blue',
    });
    const colours = (['info', 'success', 'warning', 'danger'] as const).map(
      (tone) => renderCard({ title: 't', tone, blocks: [] }).card.header.template,
    );
    expect(colours).toEqual(['blue', 'green', 'orange', 'red']);
    expect(renderCard({ title: 't', tone: 'info', blocks: [] }).card.header).not.toHaveProperty('subtitle');
  });

  it('renders text, fields, divider and note as 2.0 components (no 1.0 note/action tags)', () => {
    expect(elements[0]).toEqual({ tag: 'markdown', content: '请填写本月数据。' });
    expect(elements[1]).toEqual({ tag: 'markdown', content: '**单位**：示例县\n**期间**：2026-02' });
    expect(elements[2]).toEqual({ tag: 'hr' });
    expect(elements[3]).toMatchObject({ tag: 'markdown', text_size: 'notation' });
    expect(String(elements[3]?.content)).toContain('截止 3 月 5 日');
    walk(elements, (element) => expect(['note', 'action', 'div']).not.toContain(element.tag));
  });

  it('renders buttons with callback behaviors carrying the action', () => {
    const row = elements[4] as CardElement & { columns: { elements: CardElement[] }[] };
    expect(row.tag).toBe('column_set');
    expect(row.columns.map((column) => column.elements[0])).toEqual([
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '查看' },
        type: 'primary',
        behaviors: [{ type: 'callback', value: { op: 'view', sheet: 'A1' } }],
      },
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '稍后' },
        type: 'default',
        behaviors: [{ type: 'callback', value: { op: 'later' } }],
      },
    ]);
  });

  it('renders the table component with named columns and row objects', () => {
    expect(elements[5]).toMatchObject({
      tag: 'table',
      columns: [
        { name: 'c0', display_name: '单位', data_type: 'text' },
        { name: 'c1', display_name: '状态', data_type: 'text' },
      ],
      rows: [
        { c0: '甲县', c1: '已报' },
        { c0: '乙县', c1: '' },
      ],
    });
  });

  it('renders a stacked VChart bar spec at the root, never inside a form', () => {
    expect(elements[6]).toMatchObject({
      tag: 'chart',
      chart_spec: { type: 'bar', stack: true, xField: 'category', yField: 'value', seriesField: 'series' },
    });
    const spec = (elements[6] as unknown as { chart_spec: { data: { values: unknown[] } } }).chart_spec;
    expect(spec.data.values).toEqual([
      { category: '甲市', series: '已报', value: 3 },
      { category: '甲市', series: '未报', value: 1 },
    ]);
    walk(elements, (element, insideForm) => {
      if (insideForm) expect(['chart', 'table', 'form']).not.toContain(element.tag);
    });
    const pie = renderCard({
      title: 't',
      tone: 'info',
      blocks: [
        {
          kind: 'chart',
          chart: { kind: 'pie', title: 'p', series: [{ name: 's', points: [{ category: 'a', value: 1 }] }] },
        },
      ],
    }).card.body.elements[0];
    expect(pie).toMatchObject({
      tag: 'chart',
      chart_spec: { type: 'pie', categoryField: 'category', valueField: 'value' },
    });
  });

  it('gives every form, input and form button a name unique across the whole card', () => {
    const names: string[] = [];
    walk(elements, (element) => {
      if (typeof element.name === 'string') names.push(element.name);
    });
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(['sheet', 'sheet_2', 'amount', 'amount_2', 'remark', 'kind', 'day']),
    );
  });

  it('renders inputs with their values, types, requiredness and errors', () => {
    const form = elements.find((element) => element.tag === 'form') as CardElement & {
      elements: CardElement[];
    };
    const tags = form.elements.map((element) => element.tag);
    expect(tags).toEqual([
      'markdown',
      'input',
      'input',
      'markdown',
      'markdown',
      'select_static',
      'markdown',
      'date_picker',
      'markdown',
      'button',
    ]);
    const [, amount, remark, remarkError, kindLabel, kind, , day, dayError] = form.elements;
    expect(amount).toMatchObject({
      tag: 'input',
      name: 'amount',
      // Not required to Feishu: the bot names an empty field itself, beside the round's other errors.
      required: false,
      input_type: 'text',
      default_value: '12.5',
      label: { tag: 'plain_text', content: '金额（万元） *' },
      placeholder: { tag: 'plain_text', content: '数字' },
    });
    expect(remark).toMatchObject({ input_type: 'multiline_text', required: false });
    expect(remark).not.toHaveProperty('default_value');
    expect(remarkError).toEqual({
      tag: 'markdown',
      content: "<font color='red'>备注过长</font>",
      text_size: 'notation',
    });
    expect(String(kindLabel?.content)).toContain('类型');
    expect(kind).toMatchObject({
      name: 'kind',
      required: false,
      initial_option: 'b',
      options: [
        { text: { tag: 'plain_text', content: '甲' }, value: 'a' },
        { text: { tag: 'plain_text', content: '乙' }, value: 'b' },
      ],
    });
    expect(day).toMatchObject({ tag: 'date_picker', name: 'day', initial_date: '2026-02-28' });
    expect(String(dayError?.content)).toContain('日期不在本月');
  });

  it('makes submit buttons form submits with a callback, and puts plain buttons after the form', () => {
    const formIndex = elements.findIndex((element) => element.tag === 'form');
    const form = elements[formIndex] as CardElement & { elements: CardElement[] };
    expect(form.elements.at(-1)).toEqual({
      tag: 'button',
      text: { tag: 'plain_text', content: '提交' },
      type: 'primary',
      behaviors: [{ type: 'callback', value: { op: 'submit', sheet: 'A1' } }],
      name: 'sheet_submit_1',
      form_action_type: 'submit',
    });
    expect(elements[formIndex + 1]).toMatchObject({
      tag: 'button',
      behaviors: [{ value: { op: 'cancel' } }],
    });
    expect(elements[formIndex + 1]).not.toHaveProperty('form_action_type');
    // A form whose buttons are all plain still gets a submit button (Feishu rejects it otherwise).
    const second = elements.filter((element) => element.tag === 'form')[1] as CardElement & {
      elements: CardElement[];
    };
    expect(second.elements.at(-1)).toMatchObject({
      form_action_type: 'submit',
      behaviors: [{ value: { op: 'save' } }],
    });
  });

  it('stays within the limits and reports the numbers', () => {
    expect(droppedRows).toBe(0);
    // Measured as sent: the card as the escaped string of the message body's `content`.
    expect(bytes).toBe(
      Buffer.byteLength(JSON.stringify(renderMessage({ kind: 'card', card: everyBlock }).content)),
    );
    expect(bytes).toBeGreaterThan(Buffer.byteLength(JSON.stringify(card)));
    expect(bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(components).toBe(countComponents(card.body));
    expect(components).toBeLessThanOrEqual(MAX_CARD_COMPONENTS);
  });
});

describe('renderCard limits', () => {
  const rows = Array.from({ length: 2000 }, (_, i) => ({
    unit: `第${i}个帮扶单位的很长很长的名称`,
    amount: String(i * 1.5),
  }));
  const big: Card = {
    title: '大表',
    tone: 'warning',
    blocks: [
      {
        kind: 'table',
        columns: [
          { key: 'unit', label: '单位' },
          { key: 'amount', label: '金额' },
        ],
        rows,
      },
    ],
  };

  it('caps rows per table and says how many were dropped', () => {
    const rendered = renderCard(big, { maxTableRows: 20 });
    const table = rendered.card.body.elements[0] as unknown as { rows: unknown[] };
    expect(table.rows).toHaveLength(20);
    expect(rendered.droppedRows).toBe(1980);
    expect(rendered.card.body.elements).toHaveLength(1);
  });

  it('cuts more rows until the card fits in 30 KB, and adds the caller’s note', () => {
    const rendered = renderCard(big, { maxTableRows: 2000, omittedRowsNote: (n) => `another ${n} rows` });
    const [table, note] = rendered.card.body.elements as [{ rows: unknown[] }, CardElement];
    expect(rendered.bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
    // The body as sent: content escaped as a JSON string inside it.
    const message = renderMessage({ kind: 'card', card: big }, { maxTableRows: 2000 });
    const body = JSON.stringify({ receive_id: 'ou_x', ...message, uuid: 'x'.repeat(50) });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(30 * 1024);
    expect(table.rows.length).toBeGreaterThan(50);
    expect(rendered.droppedRows).toBe(2000 - table.rows.length);
    expect(String(note.content)).toContain(`another ${rendered.droppedRows} rows`);
    expect(rendered.components).toBeLessThanOrEqual(MAX_CARD_COMPONENTS);
  });
});

describe('renderMessage and renderCallbackResponse', () => {
  it('renders text and card messages with JSON-string content', () => {
    expect(renderMessage({ kind: 'text', text: '你好 "x"' })).toEqual({
      msg_type: 'text',
      content: JSON.stringify({ text: '你好 "x"' }),
    });
    const message = renderMessage({ kind: 'card', card: everyBlock });
    expect(message.msg_type).toBe('interactive');
    expect(JSON.parse(message.content)).toEqual(renderCard(everyBlock).card);
  });

  it('answers a callback with the toast and the raw 2.0 card, omitting what is absent', () => {
    expect(renderCallbackResponse({})).toEqual({});
    expect(renderCallbackResponse({ toast: { tone: 'danger', text: '失败' } })).toEqual({
      toast: { type: 'error', content: '失败' },
    });
    const body = renderCallbackResponse({ toast: { tone: 'success', text: '已提交' }, update: everyBlock });
    expect(body.toast).toEqual({ type: 'success', content: '已提交' });
    expect(body.card).toEqual({ type: 'raw', data: renderCard(everyBlock).card });
    expect(body.card?.data.schema).toBe('2.0');
  });
});
