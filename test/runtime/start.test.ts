import { afterEach, describe, expect, it } from 'vitest';
import { type TempDb, tempDb } from '../support/demo-store.ts';
import { type RunningServer, startServer } from '../support/server.ts';

let server: RunningServer | undefined;
let db: TempDb | undefined;
afterEach(async () => {
  await server?.stop();
  await db?.cleanup();
});

// Through `npm start` itself (build, then the bundle under plain node): a broken build or a path the
// bundle cannot resolve (package.json, migrations/, data/, the web assets) fails here.
describe('npm start without platform credentials', () => {
  it('prints the addresses to open and serves the console at the --now demo time', async () => {
    db = await tempDb();
    server = await startServer({ DATABASE_URL: db.url }, ['--now', '2023-03-24T09:30'], { via: 'npm' });
    await expect.poll(() => server?.output() ?? '').toContain('健康检查');
    const output = server.output();
    expect(output).toContain(`对话控制台  ${server.base}/console`);
    expect(output).toContain(`报送进度看板  ${server.base}/dashboard`);
    expect(output).toContain('演示时间：2023-03-24 09:30');
    expect((await fetch(`${server.base}/console`)).status).toBe(200);
    // The web assets are read from the repository next to the bundle (src/…, node_modules/chart.js).
    for (const [asset, text] of [
      ['console.js', 'fetch'],
      ['dashboard.css', '{'],
      ['chart.umd.js', 'Chart'],
    ] as const) {
      const response = await fetch(`${server.base}/console/assets/${asset}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(text);
    }
    const clock = (await (await fetch(`${server.base}/console/api/clock`)).json()) as { text: string };
    expect(clock.text).toMatch(/^2023-03-24 09:3\d$/);
    const health = (await (await fetch(`${server.base}/health`)).json()) as { time: string };
    expect(health.time).toMatch(/^2023-03-24T01:3/);
  }, 60_000);

  it('warns at start and on /health when next year has no holiday schedule', async () => {
    db = await tempDb();
    server = await startServer({ DATABASE_URL: db.url }, ['--now', '2026-12-07T10:00'], { via: 'npm' });
    await expect.poll(() => server?.output() ?? '').toContain('健康检查');
    expect(server.output()).toContain('节假日安排未录入：2027年的工作日按法定节假日估算');
    const health = (await (await fetch(`${server.base}/health`)).json()) as { holidays: unknown };
    expect(health.holidays).toEqual({
      packageYears: { from: 2004, to: 2026 },
      enteredYears: [],
      estimatedYears: [2027],
    });
  }, 60_000);

  it('refuses to start with a demo time when Feishu is configured', async () => {
    db = await tempDb();
    const failed = startServer(
      {
        DATABASE_URL: db.url,
        FEISHU_APP_ID: 'cli_a5fb0ae6a4',
        FEISHU_APP_SECRET: 'secret-123456',
        FEISHU_ENCRYPT_KEY: 'ek',
        FEISHU_VERIFICATION_TOKEN: 'vt',
        DEMO_NOW: '2023-03-24',
      },
      [],
      { via: 'npm' },
    );
    await expect(failed).rejects.toThrow(/生产环境不能调整时间/);
  }, 60_000);
});
