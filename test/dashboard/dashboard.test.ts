import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotResponse, Card } from '../../src/bot/model.ts';
import { demoUser } from '../support/bot.ts';
import { type ConsoleApp, consoleApp, postJson } from '../support/console-app.ts';

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
    // One chart per ledger and declaration due in Q1 (L1–L5, M1, M2); documents are not counted here.
    expect(html.match(/<canvas data-chart=/g)).toHaveLength(7);
    const matrix = /<table class="matrix">.*?<\/table>/s.exec(html)?.[0] ?? '';
    expect(matrix.match(/<tr><th scope="row">/g)).toHaveLength(37);
    expect(cell(html, '竹山县', 1)).toContain('>未报<');
    expect(html).toContain('class="total-row"');
    expect(html).toContain('0.0%');
  });

  it('colours a county reported once it submits, late when after the due date, and sums its figures', async () => {
    await submitA2('竹山县');
    c.clock.set(new Date('2023-04-03T10:00:00+08:00'));
    await submitA2('郧西县');
    const { html } = await page('/dashboard?period=2023q1&ledger=附件2');
    expect(cell(html, '竹山县', 1)).toMatch(/class="state state-reported"[^>]*>已报</);
    expect(cell(html, '郧西县', 1)).toMatch(/class="state state-late" title="已报，逾期3天报送">逾期报送</);
    expect(cell(html, '郧阳区', 1)).toMatch(/class="state state-not_reported" title="未报，已逾期3天">未报</);
    expect(html).toContain('2023Q1 已报 2 个县的合计');
    expect(html).toContain('25.00万元');
    expect(html).toContain('50.0%');
    expect(html).toContain('5.4%'); // 2 of 37 for 附件2
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
