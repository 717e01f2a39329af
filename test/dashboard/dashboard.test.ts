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
    expect(html).toContain('<h1>2023年第一季度 报送进度</h1>');
    expect(html).toContain('<option value="2023Q1" selected>2023年第一季度</option>');
    // One chart per obligation due in Q1: the ledgers L1–L5, the documents D1, D2, the declarations M1, M2.
    const ledgers = /<div class="ledger-grid">.*?<\/section>/s.exec(html)?.[0] ?? '';
    expect(ledgers.match(/<canvas data-chart=/g)).toHaveLength(9);
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
    // Each state its colour (class), its written mark and its words: overdue red, returned amber,
    // waiting blue, confirmed green, not applicable blank.
    const mark = (m: string) => `<span class="mark" aria-hidden="true">${m}</span>`;
    expect(cell(html, '竹山县', 1)).toContain(
      `class="state state-pending" title="已报待确认">${mark('…')}已报待确认</td>`,
    );
    expect(cell(html, '郧西县', 1)).toContain(
      `class="state state-confirmed" title="已确认，逾期3天报送">${mark('✓')}已确认<span class="late-mark">逾期3天</span>`,
    );
    expect(cell(html, '郧阳区', 1)).toContain(
      `class="state state-returned" title="退回修改，已逾期3天">${mark('↩')}退回修改<span class="late-mark">已逾期3天</span>`,
    );
    expect(cell(html, '房县', 1)).toContain(
      `class="state state-overdue" title="逾期未报，已逾期3天">${mark('✕')}逾期未报<span class="late-mark">3天</span>`,
    );
    // 附件1 is owed only by counties hosting central units: blank elsewhere, its meaning in the title.
    expect(html).toMatch(
      /<td class="state state-not_applicable" title="不适用"><span class="sr-only">不适用<\/span><\/td>/,
    );
    // The legend names every state with its mark, both late marks, and who confirms what.
    const legend = /<div class="legend-box">.*?<\/div>/s.exec(html)?.[0] ?? '';
    for (const [m, words] of [
      ['✓', '已确认'],
      ['…', '已报待确认'],
      ['↩', '退回修改'],
      ['✕', '逾期未报'],
      ['○', '未报'],
      ['', '不适用'],
    ])
      expect(legend).toContain(`aria-hidden="true">${m}</i>${words}</span>`);
    for (const words of ['逾期N天', '已逾期N天']) expect(legend).toContain(words);
    expect(legend).toContain('附件2、附件3由省直牵头单位');
    // 附件2's totals row: owed 37, reported 2 (1 confirmed + 1 pending), 1 returned, 34 missing, 1 late.
    const totals = /<table class="totals">.*?<\/table>/s.exec(html)?.[0] ?? '';
    const a2Row = /<tr><th scope="row">附件2 .*?<\/tr>/s.exec(totals)?.[0] ?? '';
    expect([...a2Row.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1]))).toEqual([37, 2, 1, 1, 1, 34, 1]);
    expect(a2Row).toContain('5.4%'); // 2 of 37: the returned sheet is not done
    expect(html).toContain(
      '附件2 省直定点帮扶：已确认1，已报待确认1，退回修改1，逾期未报34，未到截止日未报0',
    );
    // The figures still sum every county's current sheet.
    // The period in words, never its code.
    expect(html).toContain('2023年第一季度 已报 3 个县的合计');
    expect(html.replace(/<[^>]*>/g, ' ')).not.toMatch(/\d{4}Q\d/);
    expect(html).toContain('37.50万元');
    expect(html).toContain('50.0%');
  });

  it('filters by city: only its counties, its progress, its figures; an unknown city is a 400 in Chinese', async () => {
    await submitA2('竹山县');
    const { status, html } = await page('/dashboard?period=2023Q1&city=十堰市');
    expect(status).toBe(200);
    expect(html).toContain('<option value="十堰市" selected>十堰市</option>');
    expect(html).toContain('<span class="heading-city">十堰市</span>');
    const matrix = /<table class="matrix">.*?<\/table>/s.exec(html)?.[0] ?? '';
    const counties = [...matrix.matchAll(/<tr><th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(counties).toContain('竹山县');
    expect(counties).toContain('郧西县');
    expect(counties).not.toContain('恩施市');
    // Progress within the city: 附件2 owed by its counties only, one of them in.
    const totals = /<table class="totals">.*?<\/table>/s.exec(html)?.[0] ?? '';
    const a2Row = /<tr><th scope="row">附件2 .*?<\/tr>/s.exec(totals)?.[0] ?? '';
    expect([...a2Row.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1])).slice(0, 2)).toEqual([
      counties.length,
      1,
    ]);
    // The ledger tabs keep the city.
    expect(html).toContain(
      'href="/dashboard?period=2023Q1&amp;city=%E5%8D%81%E5%A0%B0%E5%B8%82&amp;ledger=a3"',
    );
    const bad = await page('/dashboard?period=2023Q1&city=<i>火星</i>');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('名册中没有“&lt;i&gt;火星&lt;/i&gt;”这个市州');
  });

  it('shows the year’s trend: completion per quarter and each main figure’s plan and actual, per county and in total', async () => {
    await submitA2('竹山县');
    c.clock.set(new Date('2023-06-20T10:00:00+08:00'));
    await submitA2('竹山县');
    await submitA2('房县');
    const { html } = await page('/dashboard?period=2023Q2&ledger=附件2');
    const trend = /<section class="trend".*?<\/section>/s.exec(html)?.[0] ?? '';
    expect(trend).toContain('<h2 id="trend-h">2023年各季度走势</h2>');
    // Q1 and Q2 have begun (Q2 is the quarter now due); Q3, Q4 not.
    const completion = /<table class="trend-table">.*?<\/table>/s.exec(trend)?.[0] ?? '';
    expect(
      [...completion.matchAll(/<th scope="col" class="num" title="([^"]+)">/g)].map((m) => m[1]),
    ).toEqual(['2023年第一季度', '2023年第二季度']);
    // The main figures are those 附件2 declares as such: funds, training, products bought.
    const titles = [...trend.matchAll(/<h4 id="tm-([^"]+)">([^<]+)<\/h4>/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(titles).toEqual([
      'fundsActual:投入帮扶资金（万元）',
      'trainingActual:开展各类培训（人次）',
      'buyActual:购买农副产品（万元）',
    ]);
    // Funds: Q1 one county (12.50 of 25 planned), Q2 two counties; 竹山县's row has both quarters.
    const funds =
      /<article class="metric-card" aria-labelledby="tm-fundsActual">.*?<\/article>/s.exec(trend)?.[0] ?? '';
    expect(funds).toMatch(
      /<tr><th scope="row">竹山县<\/th><td class="num">12\.50万元<\/td><td class="num">12\.50万元<\/td><\/tr>/,
    );
    expect(funds).toMatch(
      /<tr><th scope="row">房县<\/th><td class="num">—<\/td><td class="num">12\.50万元<\/td><\/tr>/,
    );
    expect(funds).toMatch(
      /class="total-row"><th scope="row">合计<\/th><td class="num">12\.50万元<\/td><td class="num">25\.00万元<\/td>/,
    );
    expect(funds).toMatch(
      /class="plan-row"><th scope="row">计划合计<\/th><td class="num">25\.00万元<\/td><td class="num">50\.00万元<\/td>/,
    );
    // Its chart: plan beside actual, per quarter, described for screen readers.
    expect(funds).toContain('aria-label="计划：一季度25，二季度50；实际：一季度12.5，二季度25"');
    // Within a city the trend is the city's.
    const city = await page('/dashboard?period=2023Q2&ledger=附件2&city=恩施州');
    const enshi =
      /<article class="metric-card" aria-labelledby="tm-fundsActual">.*?<\/article>/s.exec(city.html)?.[0] ??
      '';
    expect(enshi).not.toContain('竹山县');
    expect(enshi).toContain('另有8个县本年还没有这项数据。');
    expect(enshi).toMatch(
      /class="total-row"><th scope="row">合计<\/th><td class="num">—<\/td><td class="num">—<\/td>/,
    );
  });

  it('has a print view for meetings and keeps the full column titles on hover', async () => {
    const { html } = await page();
    expect(html).toContain('<button type="button" class="btn btn-default" data-print hidden>打印</button>');
    const css = await (await c.app.request('/console/assets/dashboard.css')).text();
    expect(css).toMatch(/@media print \{[\s\S]*@page \{\s*size: A4 landscape;/);
    expect(css).toMatch(/print-color-adjust: exact;/);
    expect(css).toMatch(/@media \(max-width: 1100px\) \{\s*\.matrix \.col-name,/);
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
