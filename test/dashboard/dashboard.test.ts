import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reviewSheet } from '../../src/app/review.ts';
import type { BotResponse, Card } from '../../src/conversation/model.ts';
import { demoUser } from '../support/bot.ts';
import { type ConsoleApp, consoleApp, postJson } from '../support/console-app.ts';
import { demoMobile } from '../support/demo-store.ts';

let c: ConsoleApp;
beforeEach(async () => {
  c = await consoleApp();
});
afterEach(async () => {
  await c.close();
});

async function page(path = '/dashboard'): Promise<{ status: number; html: string }> {
  const response = await c.app.request(path);
  return { status: response.status, html: await response.text() };
}

/** The cell of a county's row under a column, as the HTML has it. */
function cell(html: string, county: string, column: number): string {
  const row = new RegExp(`<tr><th scope="row">${county}</th>(.*?)</tr>`).exec(html)?.[1] ?? '';
  return [...row.matchAll(/<td[^>]*>.*?<\/td>/g)].map((m) => m[0])[column + 1] ?? '';
}

/** A county submits 附件2 through the console (the bot's own path). */
async function submitA2(county: string): Promise<void> {
  const userId = demoUser('county', county);
  const opened = await postJson(c.app, '/console/api/message', { userId, text: '填报 附件2' });
  const reply = ((await opened.json()) as { response: BotResponse }).response.replies[0];
  if (reply?.kind !== 'card') throw new Error('no form');
  const card: Card = reply.card;
  const form = card.blocks.find((b) => b.kind === 'form');
  if (form?.kind !== 'form') throw new Error('no form');
  const values = Object.fromEntries(
    form.sections.flatMap((s) => s.inputs).map((i) => [i.name, i.value ?? '1']),
  );
  const figures = {
    trainingActual: '15',
    trainTech: '3',
    trainLeaders: '3',
    trainFarming: '3',
    trainJobs: '3',
  };
  const saved = await postJson(c.app, '/console/api/action', {
    userId,
    action: form.buttons[0]?.action,
    form: { ...values, ...figures, trainOther: '3', fundsActual: '12.5', fundsPlanned: '25' },
  });
  expect(((await saved.json()) as { toast: { tone: string } }).toast.tone).toBe('success');
}

describe('the progress dashboard', () => {
  it('shows the quarter now due: a chart per ledger, counties × ledgers, totals and rates', async () => {
    const { status, html } = await page();
    expect(status).toBe(200);
    expect(html).toContain('<h1>2023Q1 报送进度</h1>');
    expect(html).toContain('<option value="2023Q1" selected>2023年第1季度</option>');
    // One chart per obligation due in Q1: the ledgers L1–L5, the documents D1, D2, the declarations M1, M2.
    expect(html.match(/<canvas data-chart=/g)).toHaveLength(9);
    const matrix = /<table class="matrix">.*?<\/table>/s.exec(html)?.[0] ?? '';
    expect(matrix.match(/<tr><th scope="row">/g)).toHaveLength(37);
    expect(cell(html, '竹山县', 1)).toContain('>未报<');
    expect(html).toContain('class="total-row"');
    expect(html).toContain('0.0%');
  });

  it('heads its columns with short words, not codes, and keeps each full name in the title', async () => {
    const { html } = await page();
    const heads = [...html.matchAll(/<th scope="col" title="([^"]*)">(.*?)<\/th>/g)];
    const shown = heads.map((h) =>
      (h[2] ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(shown).toEqual([
      '附件1 中央单位定点帮扶',
      '附件2 省直定点帮扶',
      '附件3 省内区域协作',
      '附件4 社会组织帮扶',
      '附件5 基层结对关系',
      '一季度报送材料',
      '对接汇报情况',
      '首次联席会议',
      '考核问题整改',
    ]);
    expect(heads[5]?.[1]).toBe('一季度报送材料：联席会议方案、年度责任书（协议书）、年度帮扶计划');
    // No obligation code anywhere a person reads (the ids in attributes are not read).
    const text = html.replace(/<[^>]*>/g, ' ');
    expect(text).not.toMatch(/\b[LDM][1-5]\b/);
  });

  it('shows each county’s 附件2 as 未报 / 已报待确认 / 已确认 / 退回修改, written late marks, a legend, and sums the figures', async () => {
    const decide = async (county: string, decision: 'confirm' | 'return') =>
      expect(
        await reviewSheet(
          c.store,
          {
            as: demoMobile('bureau', '省乡村振兴局'),
            ledger: 'a2',
            period: '2023Q1',
            county,
            revision: 1,
            decision,
            reason: decision === 'return' ? '培训人次有误' : '',
          },
          c.clock.now(),
        ),
      ).toMatchObject({ ok: true });
    await submitA2('竹山县'); // awaits its lead unit 省委宣传部
    await submitA2('郧阳区');
    await decide('郧阳区', 'return');
    c.clock.set(new Date('2023-04-03T10:00:00+08:00'));
    await submitA2('郧西县'); // three days after March 31
    await decide('郧西县', 'confirm');
    const { html } = await page('/dashboard?period=2023q1&ledger=附件2');
    expect(cell(html, '竹山县', 1)).toMatch(
      /class="state state-pending" title="已报待确认">已报待确认<\/td>/,
    );
    expect(cell(html, '郧西县', 1)).toMatch(
      /class="state state-confirmed" title="已确认，逾期3天报送">已确认<span class="late-mark">逾期3天<\/span>/,
    );
    expect(cell(html, '郧阳区', 1)).toMatch(
      /class="state state-returned" title="退回修改，已逾期3天">退回修改<span class="late-mark">已逾期3天<\/span>/,
    );
    expect(cell(html, '房县', 1)).toMatch(
      /class="state state-not_reported" title="未报，已逾期3天">未报<span class="late-mark">已逾期3天<\/span>/,
    );
    // The legend names every state and both marks, and who confirms what.
    const legend = /<div class="legend-box">.*?<\/div>/s.exec(html)?.[0] ?? '';
    for (const words of ['已确认', '已报待确认', '退回修改', '未报', '不适用', '逾期N天', '已逾期N天'])
      expect(legend).toContain(words);
    expect(legend).toContain('附件2、附件3由省直牵头单位');
    // 附件2's totals row: owed 37, reported 2 (1 confirmed + 1 pending), 1 returned, 34 missing, 1 late.
    const totals = /<table class="totals">.*?<\/table>/s.exec(html)?.[0] ?? '';
    const a2Row = /<tr><th scope="row">附件2 .*?<\/tr>/s.exec(totals)?.[0] ?? '';
    expect([...a2Row.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1]))).toEqual([37, 2, 1, 1, 1, 34, 1]);
    expect(a2Row).toContain('5.4%'); // 2 of 37: the returned sheet is not done
    expect(html).toContain('附件2 省直定点帮扶：已确认1，已报待确认1，退回修改1，未报34');
    // The figures still sum every county's current sheet.
    expect(html).toContain('2023Q1 已报 3 个县的合计');
    expect(html).toContain('37.50万元');
    expect(html).toContain('50.0%');
  });

  it('refuses a bad period or ledger with a 400 page in Chinese', async () => {
    const period = await page('/dashboard?period=2023Q5');
    expect(period.status).toBe(400);
    expect(period.html).toContain('期间“2023Q5”无效');
    const ledger = await page('/dashboard?period=2023Q1&ledger=<b>x</b>');
    expect(ledger.status).toBe(400);
    expect(ledger.html).toContain('台账“&lt;b&gt;x&lt;/b&gt;”无效');
  });

  it('shows an annual period with its annual obligations', async () => {
    const { status, html } = await page('/dashboard?period=2023');
    expect(status).toBe(200);
    expect(html).toContain('M3');
  });

  it('links the Excel export of the period, and serves it as a workbook', async () => {
    const { html } = await page();
    expect(html).toContain('href="/dashboard/export.xlsx?period=2023Q1"');
    expect(html).toContain('href="/dashboard/export.xlsx?period=2023Q1&amp;ledger=a2"');
    await submitA2('竹山县');
    const response = await c.app.request('/dashboard/export.xlsx?period=2023Q1&ledger=附件2');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="bangfu-2023Q1\.xlsx"; filename\*=UTF-8''/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0)).toBe('PK');
    const bad = await c.app.request('/dashboard/export.xlsx?period=2023Q9');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('无效');
    expect((await c.app.request('/dashboard/export.xlsx?period=2023Q1&ledger=m1')).status).toBe(400);
  });
});
