// `npm start` on an empty database in demo mode tells a story: the clock inside 2023 Q1, four days
// before its deadline, and a few fictitious (演示) filings in several states that the dashboard and the
// console show at once. Once only; --now still moves the clock; nothing of it outside demo mode.
import { afterEach, describe, expect, it } from 'vitest';
import { seedIfEmpty } from '../../src/app/roster.ts';
import { DEMO_STORY_NOW, tellDemoStory } from '../../src/runtime/demo-story.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { openStore } from '../../src/store/open.ts';
import { eachBackend, type TestDb } from '../support/backends.ts';
import { consoleBot } from '../support/bot.ts';
import { consoleSessionAt } from '../support/console-app.ts';
import { CONTACTS_CSV, MIGRATIONS, ROSTER_CSV, type TempDb, tempDb } from '../support/demo-store.ts';
import { type RunningServer, startServer } from '../support/server.ts';

let server: RunningServer | undefined;
let db: TempDb | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await db?.cleanup();
});

/** The dashboard cell of a county under a column (附件2 is the second ledger column). */
function cell(html: string, county: string, column: number): string {
  const row = new RegExp(`<tr><th scope="row">${county}</th>(.*?)</tr>`).exec(html)?.[1] ?? '';
  // The state's words and marks of lateness, without the state's sign (✓ … ↩ ✕ ○).
  const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) =>
    (m[1] ?? '').replace(/<span class="mark"[^>]*>.*?<\/span>/, '').replace(/<[^>]+>/g, ''),
  );
  return cells[column] ?? 'no cell';
}

async function said(base: string, userId: string, text: string): Promise<string> {
  const response = await fetch(`${base}/console/api/message`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(await consoleSessionAt(base)) },
    body: JSON.stringify({ userId, text }),
  });
  return JSON.stringify(((await response.json()) as { response: unknown }).response);
}

async function revisions(url: string): Promise<number> {
  const store = await openStore(url, MIGRATIONS);
  const row = await store.db
    .selectFrom('revisions')
    .select(store.db.fn.countAll<number>().as('n'))
    .where('row_key', '=', '')
    .executeTakeFirstOrThrow();
  await store.close();
  return Number(row.n);
}

describe('npm start in demo mode on an empty database', () => {
  it('opens on a living quarter: confirmed, awaiting confirmation, returned with its reason, missing', async () => {
    db = await tempDb();
    server = await startServer({ DATABASE_URL: db.url }, [], { via: 'npm' });
    await expect.poll(() => server?.output() ?? '').toContain('健康检查');
    expect(server.output()).toContain('演示时间：2023-03-27 10:00');
    expect(server.output()).toContain('演示数据');

    const dashboard = await (await fetch(`${server.base}/dashboard`)).text();
    expect(dashboard).toContain('<h1>2023年第一季度 报送进度</h1>');
    // 附件1 is column 1 after the city: 附件2 is column 2, 附件4 column 4.
    expect(cell(dashboard, '兴山县', 2)).toBe('已确认');
    expect(cell(dashboard, '宣恩县', 2)).toBe('已报待确认');
    expect(cell(dashboard, '罗田县', 2)).toBe('退回修改');
    expect(cell(dashboard, '郧西县', 4)).toBe('已确认');
    expect(cell(dashboard, '竹山县', 2)).toBe('未报');

    // In the console: the returned county reads who returned it and why; its lead unit's has a card to decide.
    const returned = await said(server.base, 'demo-023', '我的提交');
    expect(returned).toContain('退回，原因：选派挂职干部人数与组织部门备案不符，请更正后重报（演示）');
    const inbox = (await (
      await fetch(`${server.base}/console/api/inbox?userId=demo-050`, {
        headers: await consoleSessionAt(server.base),
      })
    ).json()) as {
      messages: { html: string }[];
    };
    expect(inbox.messages.map((m) => m.html).join('')).toContain('请审核：宣恩县 2023年第一季度');
    const filed = await revisions(db.url);
    expect(filed).toBe(6);

    // A restart files nothing twice, and --now still sets the clock (here after the deadline: overdue).
    await server.stop();
    server = await startServer({ DATABASE_URL: db.url }, ['--now', '2023-04-03T10:00'], { via: 'npm' });
    await expect.poll(() => server?.output() ?? '').toContain('演示时间：2023-04-03 10:00');
    expect(server.output()).not.toContain('演示数据');
    expect(await revisions(db.url)).toBe(filed);
    const later = await (await fetch(`${server.base}/dashboard`)).text();
    expect(cell(later, '竹山县', 2)).toBe('逾期未报3天');
    expect(cell(later, '罗田县', 2)).toBe('退回修改已逾期3天');
    expect(cell(later, '兴山县', 2)).toBe('已确认');
  }, 120_000);

  it('files nothing outside demo mode', async () => {
    db = await tempDb();
    server = await startServer({
      DATABASE_URL: db.url,
      FEISHU_APP_ID: 'cli_a5fb0ae6a4',
      FEISHU_APP_SECRET: 'secret-123456',
      FEISHU_ENCRYPT_KEY: 'ek',
      FEISHU_VERIFICATION_TOKEN: 'vt',
      FEISHU_DOMAIN: 'http://127.0.0.1:9',
    });
    expect(server.output()).not.toContain('演示');
    expect(await revisions(db.url)).toBe(0);
  }, 60_000);
});

// Two instances started together on one database (behind a load balancer, in demo mode) both find it
// empty: one tells the story, the other starts without it, and neither fails.
eachBackend((backend) => {
  describe('two instances starting together', () => {
    let opened: { a: OpenedStore; b: OpenedStore; db: TestDb } | undefined;
    afterEach(async () => {
      await opened?.a.close();
      await opened?.b.close();
      await opened?.db.cleanup();
      opened = undefined;
    });

    it('tell the story once', async () => {
      const testDb = await backend.create();
      const a = await testDb.open();
      const b = await testDb.open();
      opened = { a, b, db: testDb };
      await seedIfEmpty(a, ROSTER_CSV, CONTACTS_CSV);
      const now = () => DEMO_STORY_NOW;
      const told = await Promise.all([tellDemoStory(consoleBot(a, now)), tellDemoStory(consoleBot(b, now))]);
      expect(told.filter(Boolean)).toHaveLength(1);
      const row = await a.db
        .selectFrom('revisions')
        .select(a.db.fn.countAll<number>().as('n'))
        .where('row_key', '=', '')
        .executeTakeFirstOrThrow();
      expect(Number(row.n)).toBe(6);
    }, 60_000);
  });
});
