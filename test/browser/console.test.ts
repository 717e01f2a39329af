// The whole product in a real browser: Debian's Chromium (playwright-core) against `npm start` on a
// fresh database at a demo time. A county clerk fills 附件2 by card, the lead unit sees the county
// leave its list, the dashboard shows the state change, and a reminder arrives at a moved demo time.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, type TempDb, tempDb } from '../support/demo-store.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = root('test-artifacts');
const present = existsSync(CHROMIUM);

let server: RunningServer;
let db: TempDb;
let context: BrowserContext;
let profile: string;
const errors: string[] = [];

async function openPage(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${path}: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${path}: ${response.status()} ${response.url()}`);
  });
  await page.goto(`${server.base}${path}`);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Chooses the demo contact whose option starts with the unit's name. */
async function chooseContact(page: Page, unit: string): Promise<void> {
  const value = await page.$$eval(
    '#who option',
    (options, prefix) =>
      options.find((o) => o.textContent?.startsWith(`${prefix} · `))?.getAttribute('value'),
    unit,
  );
  if (!value) throw new Error(`no demo contact for ${unit}`);
  await page.selectOption('#who', value);
  await expect.poll(() => page.locator('#chat-title').textContent()).toContain(unit);
}

async function send(page: Page, text: string): Promise<void> {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

function lastCard(page: Page, title: string): Locator {
  return page.locator('#log [data-card]', { has: page.locator('h3', { hasText: title }) }).last();
}

/** The dashboard cell of a county and a column (附件2). */
async function cell(page: Page, county: string, column: string): Promise<string> {
  return page.$$eval(
    'table.matrix',
    ([table], [c, col]) => {
      if (!table) return 'no table';
      const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
      const index = headers.findIndex((h) => h.startsWith(col ?? ''));
      const row = [...table.querySelectorAll('tbody tr')].find(
        (tr) => tr.querySelector('th')?.textContent === c,
      );
      // The state's words, without its mark (✓ … ↩ ✕ ○).
      return row?.children[index]?.textContent?.replace(/^[✓…↩✕○]/, '') ?? 'no cell';
    },
    [county, column],
  );
}

describe.skipIf(!present && !process.env.CI)('the console and dashboard in Chromium', () => {
  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (.ci/run)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    db = await tempDb();
    server = await startServer({ DATABASE_URL: db.url, DEMO_NOW: '2023-03-27T10:00:00+08:00' });
    profile = mkdtempSync(join(tmpdir(), 'bangfu-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
    });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await db?.cleanup();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('a county fills 附件2, the lead unit sees it leave the list, the dashboard follows', async () => {
    const dashboard = await openPage('/dashboard');
    await expect.poll(() => cell(dashboard, '竹山县', '附件2')).toBe('未报');
    await dashboard.waitForSelector('canvas[data-drawn]');
    await shot(dashboard, '01-dashboard-before');

    const chat = await openPage('/console');
    await chooseContact(chat, '省委宣传部');
    await send(chat, '谁还没报');
    const before = lastCard(chat, '2023年第一季度 未报名单');
    await expect.poll(() => before.textContent()).toMatch(/附件2[^\n]*竹山县/);

    await chooseContact(chat, '竹山县');
    await send(chat, '填报 附件2');
    const form = lastCard(chat, '2023年第一季度 省直单位定点帮扶工作情况台账').locator('form.card-form');
    await form.waitFor();
    for (const input of await form.locator('input[name]').all()) {
      if ((await input.inputValue()) === '') await input.fill('1');
    }
    const figures = { trainingActual: '15', trainTech: '3', trainLeaders: '3', trainFarming: '3' };
    for (const [name, value] of Object.entries({
      ...figures,
      trainJobs: '3',
      trainOther: '3',
      fundsActual: '12.5',
    }))
      await form.locator(`[name="${name}"]`).fill(value);
    await shot(chat, '02-console-form');
    await form.getByRole('button', { name: '提交' }).click();

    const saved = lastCard(chat, '已保存：2023年第一季度 省直单位定点帮扶工作情况台账');
    await saved.waitFor();
    expect(await saved.textContent()).toContain('12.50万元');
    await expect.poll(() => chat.locator('.toast').first().textContent()).toContain('已保存（第1版）');
    await shot(chat, '03-console-saved');

    await chooseContact(chat, '省委宣传部');
    await send(chat, '谁还没报');
    const after = lastCard(chat, '2023年第一季度 未报名单');
    await after.waitFor();
    const line = (await after.locator('.text').textContent())?.split('\n').find((l) => l.startsWith('附件2'));
    expect(line).toContain('已全部报送');
    expect(line).not.toContain('竹山县');
    await shot(chat, '04-console-lead-list');

    await dashboard.reload();
    await expect.poll(() => cell(dashboard, '竹山县', '附件2')).toBe('已报待确认');
    await dashboard.waitForSelector('canvas[data-drawn]');
    await shot(dashboard, '05-dashboard-after');
    expect(errors).toEqual([]);
  }, 120_000);

  it('answers an empty required field in the bot’s words, not with the browser’s bubble', async () => {
    const chat = await openPage('/console');
    await chooseContact(chat, '竹山县');
    await send(chat, '填报 附件2');
    const form = lastCard(chat, '2023年第一季度 省直单位定点帮扶工作情况台账').locator('form.card-form');
    await form.waitFor();
    await form.locator('[name="fundsActual"]').fill('');
    await form.locator('[name="trainingActual"]').fill('99');
    await form.getByRole('button', { name: '提交' }).click();
    // The form went to the bot (the browser stopped nothing) and came back with both errors beside their fields.
    const again = lastCard(chat, '2023年第一季度 省直单位定点帮扶工作情况台账');
    await expect
      .poll(() => again.locator('.field-error').allTextContents())
      .toEqual(expect.arrayContaining(['实际投入帮扶资金：必填']));
    expect((await again.locator('.field-error').allTextContents()).join()).toContain('之和');
    await expect.poll(() => chat.locator('.toast').first().textContent()).toContain('有2处需要修改');
    await shot(chat, '09-console-form-errors');
    expect(errors).toEqual([]);
  }, 60_000);

  it('moves the demo clock to 2023-03-24 and the county’s reminder arrives in its chat', async () => {
    const chat = await openPage('/console');
    await chooseContact(chat, '郧阳区');
    await chat.getByRole('button', { name: '3月24日 截止前7天' }).click();
    await expect.poll(() => chat.locator('#clock-now').textContent()).toBe('2023-03-24 09:30');
    await chat.getByRole('button', { name: '立即运行一次提醒' }).click();
    const reminder = chat.locator('#log [data-card]').last();
    await reminder.waitFor({ timeout: 15_000 });
    expect(await reminder.textContent()).toContain('附件2');
    await shot(chat, '06-console-reminder');
    // Its reminder log says what became of each card, in words.
    await send(chat, '提醒记录');
    const log = chat.locator('#log [data-card]').last();
    await expect.poll(() => log.textContent()).toMatch(/已送达|已读|未读/);
    expect(await log.textContent()).toContain('2023年第一季度');
    expect(await log.textContent()).not.toMatch(/\d{4}Q\d/);
    await shot(chat, '20-console-reminder-log');
    expect(errors).toEqual([]);
  }, 60_000);

  it('the bureau gets a grouped list with a button per city, and a clarifying card when unsure', async () => {
    const chat = await openPage('/console');
    await chooseContact(chat, '省乡村振兴局');
    await send(chat, '谁还没报 附件2');
    const grouped = lastCard(chat, '未报名单');
    await grouped.waitFor();
    const text = (await grouped.textContent()) ?? '';
    expect(text).toContain('按市州');
    expect(text).not.toContain('房县');
    await shot(chat, '13-console-grouped-list');
    await grouped.getByRole('button', { name: '看十堰市' }).click();
    const city = chat.locator('#log [data-card]').last();
    await expect.poll(() => city.textContent()).toContain('房县');
    await send(chat, '督促一下孝昌，附件１还没交');
    const clarify = lastCard(chat, '您是要');
    await clarify.waitFor();
    expect(await clarify.getByRole('button').allTextContents()).toEqual([
      '催报 附件1 孝昌县',
      '附件1 孝昌县 情况',
    ]);
    await shot(chat, '12-console-clarify');
    expect(errors).toEqual([]);
  }, 60_000);

  it('the bureau asks for the week’s digest and a city for its own', async () => {
    const chat = await openPage('/console');
    await chooseContact(chat, '省乡村振兴局');
    await send(chat, '周报');
    const bureau = lastCard(chat, '本周报送情况');
    await bureau.waitFor();
    expect(await bureau.textContent()).toMatch(/逾期未报|完成率/);
    expect(await bureau.getByRole('button').allTextContents()).toContain('谁还没报');
    await shot(chat, '18-console-digest-bureau');
    await chooseContact(chat, '十堰市');
    await send(chat, '本周情况');
    const city = lastCard(chat, '本周报送情况');
    await city.waitFor();
    const text = (await city.textContent()) ?? '';
    expect(text).toContain('十堰市');
    expect(text).not.toContain('恩施');
    await shot(chat, '19-console-digest-city');
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows every dashboard column on a 1366-px screen, and 我的提交 with what changed', async () => {
    const dashboard = await openPage('/dashboard');
    await dashboard.setViewportSize({ width: 1366, height: 900 });
    await dashboard.waitForSelector('canvas[data-drawn]');
    const overflow = await dashboard.evaluate<number>(
      "document.querySelector('table.matrix').scrollWidth - document.querySelector('.matrix-wrap').clientWidth",
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(dashboard, '10-dashboard-1366');

    const chat = await openPage('/console');
    await chat.setViewportSize({ width: 1366, height: 900 });
    await chooseContact(chat, '竹山县');
    await send(chat, '我的提交');
    const history = lastCard(chat, '报送记录');
    await expect.poll(() => history.textContent()).toContain('首次报送');
    expect(await history.textContent()).toContain('第1版');
    await shot(chat, '11-console-my-history');
    expect(errors).toEqual([]);
  }, 60_000);

  it('fits a phone screen without sideways scrolling', async () => {
    for (const path of ['/console?as=demo-004', '/dashboard']) {
      const page = await openPage(path);
      await page.setViewportSize({ width: 390, height: 844 });
      if (path === '/dashboard') await page.waitForSelector('canvas[data-drawn]', { state: 'attached' });
      // An expression, evaluated in the page (the tests are type-checked without the DOM library). Polled:
      // the charts follow the new width a frame later (chart.js watches their boxes' size).
      await expect
        .poll(() => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'), {
          message: path,
        })
        .toBeLessThanOrEqual(0);
      await shot(page, path.startsWith('/console') ? '07-console-phone' : '08-dashboard-phone');
    }
    expect(errors).toEqual([]);
  }, 60_000);

  it('the bureau’s meeting-room dashboard: state colours, a city’s counties, the year’s trend, print', async () => {
    // After the first quarter's deadline: overdue cells are red.
    const chat = await openPage('/console');
    await chat.getByRole('button', { name: '4月3日 逾期催报' }).click();
    await expect.poll(() => chat.locator('#clock-now').textContent()).toBe('2023-04-03 09:30');
    const dashboard = await openPage('/dashboard?period=2023Q1&ledger=a2');
    await dashboard.setViewportSize({ width: 1600, height: 1000 });
    await dashboard.waitForSelector('canvas[data-drawn]');
    // Expressions evaluated in the page (the tests are type-checked without the DOM library).
    const colour = (selector: string) =>
      dashboard.evaluate<string>(`getComputedStyle(document.querySelector('${selector}')).backgroundColor`);
    expect(await colour('td.state-overdue')).toBe('rgb(246, 195, 189)');
    expect(await colour('td.state-returned')).toBe('rgb(251, 223, 159)');
    expect(await colour('td.state-pending')).toBe('rgb(211, 227, 247)');
    expect(await colour('td.state-confirmed')).toBe('rgb(205, 235, 214)');
    expect(await colour('td.state-not_applicable')).toBe('rgb(255, 255, 255)');
    // 不适用 is blank to the eye; its words are for screen readers (and in the title).
    expect(
      await dashboard.evaluate<string>(
        "[...document.querySelector('td.state-not_applicable').childNodes].filter((n) => !n.classList?.contains('sr-only')).map((n) => n.textContent).join('')",
      ),
    ).toBe('');
    await dashboard.locator('section[aria-labelledby="matrix-h"]').screenshot({
      path: join(ARTIFACTS, '14-dashboard-colours.png'),
    });

    // Choosing a city shows its counties at once (the select submits itself).
    await dashboard.selectOption('#city', '十堰市');
    await dashboard.waitForURL(/city=/);
    await dashboard.waitForSelector('canvas[data-drawn]');
    const cities = await dashboard.$$eval('table.matrix tbody tr td.col-city', (tds) => [
      ...new Set(tds.map((td) => td.textContent)),
    ]);
    expect(cities).toEqual(['十堰市']);
    await shot(dashboard, '15-dashboard-city');

    // Into the second quarter: the trend has two quarters to compare.
    await chat.fill('#clock-at', '2023-06-26T10:00');
    await chat.locator('#clock-form').getByRole('button').click();
    await expect.poll(() => chat.locator('#clock-now').textContent()).toBe('2023-06-26 10:00');
    await dashboard.goto(`${server.base}/dashboard?period=2023Q2&ledger=a2`);
    await dashboard.waitForSelector('.trend canvas[data-drawn]');
    const quarters = await dashboard.$$eval('.trend-table thead th.num', (ths) =>
      ths.slice(0, 2).map((th) => th.textContent),
    );
    expect(quarters).toEqual(['一季度', '二季度']);
    expect(await dashboard.locator('.metric-card h4').allTextContents()).toEqual([
      '投入帮扶资金（万元）',
      '开展各类培训（人次）',
      '购买农副产品（万元）',
    ]);
    await dashboard.locator('section.trend').screenshot({ path: join(ARTIFACTS, '16-dashboard-trend.png') });

    // The print view: no navigation or controls, colours kept.
    await dashboard.emulateMedia({ media: 'print' });
    expect(await dashboard.locator('.dash-tools').isVisible()).toBe(false);
    expect(await dashboard.locator('.topbar').isVisible()).toBe(false);
    await shot(dashboard, '17-dashboard-print');
    await dashboard.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  }, 90_000);
});
