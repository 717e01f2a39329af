import { afterEach, describe, expect, it } from 'vitest';
import { type ConsoleApp, consoleApp, FEISHU_ENV, postJson } from '../../support/console-app.ts';

let c: ConsoleApp | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const basic = (password: string) => ({ Authorization: `Basic ${btoa(`officer:${password}`)}` });

describe('who can reach the console and the dashboard', () => {
  it('are open on a machine without platform credentials (npm start), with the demo clock', async () => {
    c = await consoleApp();
    expect((await c.app.request('/console')).status).toBe(200);
    expect((await c.app.request('/dashboard')).status).toBe(200);
    expect((await c.app.request('/console/api/clock')).status).toBe(200);
  });

  it('are not mounted when turned off, nor with Feishu unless enabled', async () => {
    c = await consoleApp({ CONSOLE_ENABLED: 'false' });
    for (const path of ['/console', '/dashboard', '/console/assets/app.css', '/console/api/clock'])
      expect((await c.app.request(path)).status, path).toBe(404);
    await c.close();
    c = await consoleApp(FEISHU_ENV);
    expect((await c.app.request('/console')).status).toBe(404);
    expect((await c.app.request('/dashboard')).status).toBe(404);
    expect((await c.app.request('/health')).status).toBe(200);
  });

  it('with Feishu and CONSOLE_ENABLED sit behind HTTP Basic, and have no demo clock', async () => {
    c = await consoleApp({ ...FEISHU_ENV, CONSOLE_ENABLED: 'true', CONSOLE_PASSWORD: 'correct-horse' });
    const anonymous = await c.app.request('/console');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect((await c.app.request('/dashboard', { headers: basic('wrong-pass') })).status).toBe(401);
    expect((await postJson(c.app, '/console/api/message', { userId: 'demo-004', text: '帮助' })).status).toBe(
      401,
    );
    expect((await c.app.request('/console/assets/app.css')).status).toBe(401);

    const page = await c.app.request('/console', { headers: basic('correct-horse') });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('id="clock-form"');
    expect((await c.app.request('/dashboard', { headers: basic('correct-horse') })).status).toBe(200);
    expect((await c.app.request('/console/api/clock', { headers: basic('correct-horse') })).status).toBe(404);
    const sweep = await postJson(c.app, '/console/api/sweep', {}, basic('correct-horse'));
    expect(sweep.status).toBe(404);
    expect((await c.app.request('/health')).status).toBe(200);
  });

  it('ask for the password in demo mode too when one is set', async () => {
    c = await consoleApp({ CONSOLE_PASSWORD: 'demo-password' });
    expect((await c.app.request('/console')).status).toBe(401);
    const page = await c.app.request('/console', { headers: basic('demo-password') });
    expect(await page.text()).toContain('id="clock-form"');
  });
});
