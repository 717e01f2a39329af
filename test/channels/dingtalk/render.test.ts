import { describe, expect, it } from 'vitest';
import { renderCallbackResponse, renderRobotMessage } from '../../../src/channels/dingtalk/render.ts';
import { isInteractive, renderCardParamMap } from '../../../src/channels/dingtalk/render-card.ts';
import { renderCardMarkdown } from '../../../src/channels/dingtalk/render-markdown.ts';
import type { Card } from '../../../src/conversation/model.ts';

const save = { op: 'save', l: 'a2', p: '2023Q1', c: 'county:竹山县', r: '' };
const formCard: Card = {
  title: '2023Q1 附件2 填报',
  subtitle: '竹山县',
  tone: 'warning',
  blocks: [
    { kind: 'text', text: '请核对后提交。\n第二行' },
    {
      kind: 'form',
      name: 'f_a2',
      sections: [
        {
          title: '资金',
          inputs: [
            {
              kind: 'number',
              name: 'fundsActual',
              label: '实际投入（万元）',
              required: true,
              value: '-1',
              error: '应为不小于0的万元数',
            },
            { kind: 'multiline', name: 'note', label: '说明', required: false, maxLength: 200 },
          ],
        },
        {
          inputs: [
            { kind: 'date', name: 'day', label: '日期', required: false, value: '2023-03-01' },
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
          ],
        },
      ],
      buttons: [{ label: '提交', style: 'primary', submit: true, action: save }],
    },
    {
      kind: 'buttons',
      buttons: [{ label: '查看历史', style: 'default', action: { op: 'say', text: '历史 附件2' } }],
    },
  ],
};

describe('renderCardParamMap', () => {
  const map = renderCardParamMap(formCard);

  it('sends string values only, objects as JSON strings', () => {
    for (const value of Object.values(map)) expect(typeof value).toBe('string');
    expect(map).toMatchObject({
      title: '2023Q1 附件2 填报',
      subtitle: '竹山县',
      tone: 'warning',
      has_form: 'true',
    });
  });

  it('turns the inputs into 表单变量 fields: numbers and multi-line as TEXT, dates, selects with their index', () => {
    const form = JSON.parse(map.form ?? '') as { fields: Record<string, unknown>[] };
    expect(form.fields).toEqual([
      {
        name: 'fundsActual',
        // Marked, not required: the bot names an empty field itself, beside the round's other errors.
        label: '资金·实际投入（万元） *',
        type: 'TEXT',
        required: false,
        defaultValue: '-1',
      },
      { name: 'note', label: '资金·说明', type: 'TEXT', required: false },
      { name: 'day', label: '日期', type: 'DATE', required: false, defaultValue: '2023-03-01' },
      {
        name: 'kind',
        label: '类型 *',
        type: 'SELECT',
        required: false,
        options: [
          { value: 'a', text: '甲' },
          { value: 'b', text: '乙' },
        ],
        defaultValue: { index: 1, value: 'b' },
      },
    ]);
  });

  it('carries the submit action and the other buttons so that they come back as they were', () => {
    expect(JSON.parse(map.form_action ?? '')).toEqual(save);
    expect(map.form_submit_label).toBe('提交');
    const buttons = JSON.parse(map.buttons ?? '') as { label: string; action: string }[];
    expect(buttons).toEqual([
      { label: '查看历史', style: 'default', action: JSON.stringify({ op: 'say', text: '历史 附件2' }) },
    ]);
    expect(map.has_buttons).toBe('true');
  });

  it('puts field errors above the form and the other blocks into the markdown body', () => {
    expect(map.error).toBe('- **实际投入（万元）**：应为不小于0的万元数');
    expect(map.markdown).toBe('请核对后提交。  \n第二行');
  });

  it('turns several submit buttons into one required choice whose values are their actions', () => {
    const confirm = { op: 'review', what: 'confirm' };
    const back = { op: 'review', what: 'return' };
    const card: Card = {
      title: '审核',
      tone: 'info',
      blocks: [
        {
          kind: 'form',
          name: 'r',
          sections: [{ inputs: [{ kind: 'multiline', name: 'reason', label: '理由', required: false }] }],
          buttons: [
            { label: '确认', style: 'primary', submit: true, action: confirm },
            { label: '退回', style: 'danger', submit: true, action: back },
          ],
        },
      ],
    };
    const params = renderCardParamMap(card);
    const fields = (JSON.parse(params.form ?? '') as { fields: { name: string; options?: unknown }[] })
      .fields;
    expect(fields.at(-1)).toEqual({
      name: '__action',
      label: '确认 / 退回',
      type: 'SELECT',
      required: true,
      options: [
        { value: JSON.stringify(confirm), text: '确认' },
        { value: JSON.stringify(back), text: '退回' },
      ],
    });
    expect(params.form_action).toBe('');
    expect(params.has_buttons).toBe('false');
  });
});

describe('markdown messages', () => {
  const status: Card = {
    title: '附件2 报送情况',
    tone: 'info',
    blocks: [
      { kind: 'fields', fields: [{ label: '已报', value: '1个' }] },
      {
        kind: 'table',
        columns: [
          { key: 'n', label: '县' },
          { key: 'v', label: '状态' },
        ],
        rows: [{ n: '房县', v: '未报|待办' }],
      },
      {
        kind: 'chart',
        chart: {
          kind: 'bar',
          title: '各市进度',
          series: [
            { name: '已报', points: [{ category: '十堰市', value: 1 }] },
            { name: '未报', points: [{ category: '十堰市', value: 7 }] },
          ],
        },
      },
      { kind: 'note', text: '数据截至今日' },
    ],
  };

  it('renders fields, tables and charts as lists: DingTalk markdown has no tables', () => {
    expect(isInteractive(status)).toBe(false);
    const message = renderRobotMessage({ kind: 'card', card: status });
    expect(message.msgKey).toBe('sampleMarkdown');
    const param = JSON.parse(message.msgParam) as { title: string; text: string };
    expect(param.title).toBe('附件2 报送情况');
    expect(param.text).toBe(
      [
        '#### 附件2 报送情况',
        '- **已报**：1个',
        '- **房县**　状态：未报｜待办',
        '**各市进度**\n\n- **十堰市**　已报：1，未报：7',
        '> 数据截至今日',
      ].join('\n\n'),
    );
    expect(param.text).not.toMatch(/^\|/m);
  });

  it('sends text as sampleText', () => {
    expect(renderRobotMessage({ kind: 'text', text: '你好' })).toEqual({
      msgKey: 'sampleText',
      msgParam: JSON.stringify({ content: '你好' }),
    });
  });

  it("cuts table rows to stay under the size limit and says so only in the caller's words", () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ n: `单位${i}`.padEnd(40, '·') }));
    const big: Card = {
      title: 't',
      tone: 'info',
      blocks: [{ kind: 'table', columns: [{ key: 'n', label: 'n' }], rows }],
    };
    const plain = renderCardMarkdown(big, { maxBytes: 4000 });
    expect(Buffer.byteLength(plain.text)).toBeLessThanOrEqual(4000);
    expect(plain.droppedRows).toBeGreaterThan(300);
    const noted = renderCardMarkdown(big, { maxBytes: 4000, omittedRowsNote: (n) => `另有${n}行` });
    expect(noted.text).toContain(`另有${noted.droppedRows}行`);
  });
});

describe('renderCallbackResponse', () => {
  it('answers with the new card and the toast as card variables, updated by key', () => {
    const body = renderCallbackResponse({
      toast: { tone: 'success', text: '已保存（第1版）' },
      update: formCard,
    });
    expect(body.cardUpdateOptions).toEqual({ updateCardDataByKey: true });
    expect(body.cardData?.cardParamMap).toMatchObject({
      title: '2023Q1 附件2 填报',
      toast: '已保存（第1版）',
      toast_tone: 'success',
    });
    for (const value of Object.values(body.cardData?.cardParamMap ?? {})) expect(typeof value).toBe('string');
  });

  it('answers {} when there is nothing to change', () => {
    expect(renderCallbackResponse({})).toEqual({});
  });
});
