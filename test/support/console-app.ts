// The composed app (as `npm start` builds it) over a seeded temporary store, for app.request tests.
import type { Hono } from 'hono';
import pino from 'pino';
import { createDemoClock, type DemoClock } from '../../src/runtime/clock.ts';
import { composeApp, composeChannels, type Runtime } from '../../src/runtime/compose.ts';
import { readConfig } from '../../src/runtime/config.ts';
import { readWebAssets } from '../../src/runtime/web-assets.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { demoStore, root, type TempDb } from './demo-store.ts';

export interface ConsoleApp {
  app: Hono;
  store: OpenedStore;
  db: TempDb;
  clock: DemoClock;
  close(): Promise<void>;
}

export const FEISHU_ENV = {
  FEISHU_APP_ID: 'cli_test_app',
  FEISHU_APP_SECRET: 'test-secret',
  FEISHU_ENCRYPT_KEY: 'ek',
  FEISHU_VERIFICATION_TOKEN: 'vt',
};

export async function consoleApp(
  env: Record<string, string> = {},
  start = '2023-03-27T10:00:00+08:00',
): Promise<ConsoleApp> {
  const { store, db } = await demoStore();
  const configured = readConfig(env);
  if (!configured.ok) throw new Error(configured.errors.join('\n'));
  const config = configured.config;
  const clock = createDemoClock(new Date(start));
  const runtime: Runtime = {
    store,
    now: () => clock.now(),
    logger: pino({ level: 'silent' }),
    defer: () => {},
    worker: 'test',
    version: 'test',
    ...(config.console.demo ? { demoClock: clock } : {}),
    webAssets: readWebAssets(root),
  };
  const app = composeApp(config, runtime, composeChannels(config, runtime));
  return {
    app,
    store,
    db,
    clock,
    close: async () => {
      await store.close();
      await db.cleanup();
    },
  };
}

/** What the console page gives the browser: its session cookie and token (channels/console/csrf.ts),
 *  fetched as `headers` allow (Basic credentials); none when the page is refused. */
export async function consoleSession(
  app: Hono,
  headers: Record<string, string> = {},
): Promise<Record<string, string>> {
  const page = await app.request('/console', { headers });
  const cookie = page.headers.get('set-cookie')?.split(';')[0];
  const token = /data-console-token="([^"]+)"/.exec(await page.text())?.[1];
  return cookie && token ? { Cookie: cookie, 'X-Console-Token': token } : {};
}

/** A POST as console.js sends it, from within the page's session. */
export async function postJson(app: Hono, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(await consoleSession(app, headers)), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The same session from a running server (`npm start` in a test): its page's cookie and token. */
export async function consoleSessionAt(base: string): Promise<Record<string, string>> {
  const page = await fetch(`${base}/console`);
  const cookie = page.headers.get('set-cookie')?.split(';')[0];
  const token = /data-console-token="([^"]+)"/.exec(await page.text())?.[1];
  return cookie && token ? { Cookie: cookie, 'X-Console-Token': token } : {};
}
