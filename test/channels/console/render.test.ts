import { describe, expect, it } from 'vitest';
import { renderCard, renderReply } from '../../../src/channels/console/index.ts';
import type { Card } from '../../../src/conversation/model.ts';

const EVIL = `<script>alert("x")</script>'"&`;

const CARD: Card = {
  title: `标题${EVIL}`,
  subtitle: EVIL,
  tone: 'warning',
  blocks: [
    { kind: 'text', text: `第一行\n${EVIL}` },
    { kind: 'fields', fields: [{ label: EVIL, value: EVIL }] },
    { kind: 'divider' },
    { kind: 'note', text: EVIL },
    { kind: 'buttons', buttons: [{ label: EVIL, style: 'primary', action: { op: 'say', text: EVIL } }] },
    { kind: 'table', columns: [{ key: 'a', label: EVIL }], rows: [{ a: EVIL }, {}] },
    {
      kind: 'chart',
      chart: { kind: 'bar', title: EVIL, series: [{ name: '已报', points: [{ category: EVIL, value: 3 }] }] },
    },
    {
      kind: 'form',
      name: 'f',
      sections: [
        {
          title: EVIL,
          inputs: [
            { kind: 'number', name: 'n', label: EVIL, required: true, value: EVIL, error: EVIL },
            { kind: 'multiline', name: 'm', label: '说明', required: false, value: `</textarea>${EVIL}` },
            {
              kind: 'select',
              name: 's',
              label: '选择',
              required: true,
              options: [
                { value: 'a', label: EVIL },
                { value: 'b', label: '乙' },
              ],
              value: 'b',
            },
            { kind: 'date', name: 'd', label: '日期', required: false, value: '2023-03-24' },
          ],
        },
      ],
      buttons: [
        { label: '提交', style: 'primary', action: { op: 'save' }, submit: true },
        { label: '取消', style: 'default', action: { op: 'list' } },
      ],
    },
  ],
};

describe('cards drawn as HTML', () => {
  const html = renderCard(CARD, 'c1').value;

  it('escapes everything the bot or a user wrote, in text, attributes and JSON', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('</textarea><script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&quot;&amp;');
    // Button values and chart configurations are JSON inside attributes: quoted, never breaking out.
    expect(html).toMatch(
      /data-action="\{&quot;op&quot;:&quot;say&quot;,&quot;text&quot;:&quot;&lt;script&gt;/,
    );
    expect(html).toMatch(/<canvas data-chart="\{&quot;type&quot;:&quot;bar&quot;/);
  });

  it('draws every block: fields, table, chart, form inputs with labels, errors and the submit button', () => {
    expect(html).toContain('class="card tone-warning"');
    expect(html).toContain('<dl class="fields">');
    expect(html).toContain('<th scope="col">');
    expect(html).toMatch(/<label for="c1-b7-s0i0">/);
    expect(html).toMatch(
      /<input type="text" id="c1-b7-s0i0" name="n" aria-required="true" aria-invalid="true"/,
    );
    expect(html).toContain('inputmode="decimal"');
    expect(html).toMatch(/<textarea id="c1-b7-s0i1" name="m" rows="3">/);
    expect(html).toContain('<option value="b" selected>乙</option>');
    expect(html).toContain('<input type="date" id="c1-b7-s0i3" name="d" value="2023-03-24">');
    expect(html).toMatch(/<p class="field-error" id="c1-b7-s0i0-err">/);
    expect(html).toMatch(/<button type="submit" class="btn btn-primary" data-action="[^"]+">提交<\/button>/);
    expect(html).toMatch(/<button type="button" class="btn btn-default" data-action="[^"]+">取消<\/button>/);
  });

  it('promotes the first form button to submit when none is marked, as on Feishu', () => {
    const plain = renderCard(
      {
        title: 't',
        tone: 'info',
        blocks: [
          {
            kind: 'form',
            name: 'f',
            sections: [],
            buttons: [{ label: '保存', style: 'primary', action: { op: 'x' } }],
          },
        ],
      },
      'c2',
    ).value;
    expect(plain).toContain('<button type="submit"');
  });

  it('draws a text reply as a bubble, escaped', () => {
    expect(renderReply({ kind: 'text', text: '<b>hi</b>' }, 'r').value).toBe(
      '<div class="bubble bot"><p class="text">&lt;b&gt;hi&lt;/b&gt;</p></div>',
    );
  });
});
