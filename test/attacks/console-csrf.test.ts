// Finding 4: a `text/plain` POST from another origin to /console/api/message, carrying the operator's
// cached Basic credentials, closed a period as the bureau (the route read the body as JSON whatever its
// type and wherever it came from). The console's API now takes only application/json from its own
// origin, with the token of the page's session (channels/console/csrf.ts).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../support/bot.ts';
import { type TempDb, tempDb } from '../support/demo-store.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'csrf-console-password';
const BUREAU = demoUser('bureau', '省乡村振兴局');
const CLOSE = JSON.stringify({ userId: BUREAU, text: '封账 2023Q1' });
const authorization = `Basic ${btoa(`officer:${PASSWORD}`)}`;

let server: RunningServer;
let db: TempDb;
beforeAll(async () => {
  db = await tempDb();
  server = await startServer({
    DATABASE_URL: db.url,
    DEMO_NOW: '2023-04-12T10:00:00+08:00',
    CONSOLE_PASSWORD: PASSWORD,
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

/** The periods closed so far, read from the server's own database. */
async function closings(of: TempDb = db): Promise<unknown[]> {
  const store = await of.open();
  try {
    return await store.db.selectFrom('period_events').selectAll().execute();
  } finally {
    await store.close();
  }
}

/** The console page as the operator's browser opens it: its cookie and token. */
async function pageSession(): Promise<Record<string, string>> {
  const page = await fetch(`${server.base}/console`, { headers: { authorization } });
  const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
  const token = /data-console-token="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  return { cookie, 'x-console-token': token };
}

const post = (headers: Record<string, string>, body = CLOSE) =>
  fetch(`${server.base}/console/api/message`, {
    method: 'POST',
    headers: { authorization, ...headers },
    body,
  });

describe('a request to the console API from another site, with the operator’s credentials', () => {
  it('as a cross-site text/plain POST (what a form or no-cors fetch sends) is refused, and nothing closes', async () => {
    const session = await pageSession();
    const forged = await post({
      // The browser adds the operator's SameSite=Strict cookie only on same-site requests; send it anyway.
      cookie: session.cookie ?? '',
      'content-type': 'text/plain;charset=UTF-8',
      origin: 'http://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: string }).error).toContain('其他网站');
    expect(await closings()).toEqual([]);
  });

  it('as text/plain from a browser that names no origin is refused for its type', async () => {
    const forged = await post({ 'content-type': 'text/plain;charset=UTF-8' });
    expect(forged.status).toBe(415);
    expect(((await forged.json()) as { error: string }).error).toContain('application/json');
    expect(await closings()).toEqual([]);
  });

  it('as JSON from this origin but without the page’s token is refused', async () => {
    const forged = await post({ 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: string }).error).toContain('刷新');
    expect(await closings()).toEqual([]);
  });

  it('the same message from the console page itself closes the period (the control)', async () => {
    const session = await pageSession();
    const sent = await post({
      ...session,
      'content-type': 'application/json',
      'sec-fetch-site': 'same-origin',
    });
    expect(sent.status).toBe(200);
    expect(JSON.stringify(await sent.json())).toContain('已封账');
    expect(await closings()).toHaveLength(1);
  });
});

// The attack as it happens in a browser: the operator has the demo console open on this machine (no
// password: it listens on 127.0.0.1 only) and visits a page on another site, which posts a text/plain
// form and a no-cors fetch to the console. (Chromium keeps Basic credentials per top-level site, so
// with a password the browser itself would not send them here; the requests above send them.)
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('the attack in Chromium', () => {
  let evil: Server;
  let evilBase: string;
  let context: BrowserContext;
  let profile: string;
  let browserDb: TempDb;
  let browserServer: RunningServer;

  beforeAll(async () => {
    browserDb = await tempDb();
    browserServer = await startServer({
      DATABASE_URL: browserDb.url,
      DEMO_NOW: '2023-04-12T10:00:00+08:00',
    });
    const target = `${browserServer.base}/console/api/message`;
    // A form whose one field, name and value joined by "=", makes a JSON body.
    const [name, value] = [`${CLOSE.slice(0, -1)},"x":"`, '"}'];
    const html = `<!doctype html><meta charset="utf-8"><body>
      <form id="f" method="POST" action="${target}" enctype="text/plain" target="sink">
        <input type="hidden" name='${name}' value='${value}'></form>
      <iframe name="sink"></iframe>
      <script>
        fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include',
          headers: { 'Content-Type': 'text/plain' }, body: ${JSON.stringify(CLOSE)} })
          .finally(() => { document.getElementById('f').submit(); });
        document.querySelector('iframe').addEventListener('load', () => { document.title = 'sent'; });
      </script></body>`;
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const address = evil.address();
    evilBase = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
    profile = mkdtempSync(join(tmpdir(), 'bangfu-csrf-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => evil?.close(resolve));
    await browserServer?.stop();
    await browserDb?.cleanup();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('closes nothing; the console page itself still closes the period', async () => {
    const operator = await context.newPage();
    await operator.goto(`${browserServer.base}/console`);
    const attack = await context.newPage();
    const refused: number[] = [];
    attack.on('response', (r) => {
      if (r.url().endsWith('/console/api/message')) refused.push(r.status());
    });
    await attack.goto(evilBase);
    await expect.poll(() => attack.title(), { timeout: 15_000 }).toBe('sent');
    await expect.poll(() => refused.length).toBe(2);
    for (const status of refused) expect([403, 415]).toContain(status);
    expect(await closings(browserDb)).toEqual([]);

    // The real page, as the bureau, sends the same words and the period closes.
    const value = await operator.$$eval('#who option', (options) =>
      options.find((o) => o.textContent?.startsWith('省乡村振兴局 · '))?.getAttribute('value'),
    );
    await operator.selectOption('#who', value ?? '');
    await operator.fill('#text', '封账 2023Q1');
    await operator.press('#text', 'Enter');
    await expect.poll(async () => (await closings(browserDb)).length, { timeout: 15_000 }).toBe(1);
  }, 90_000);
});
