// The Worker as its users start it: `wrangler dev` as a child process, with the real wrangler.toml,
// the bundle wrangler builds and a local D1 in a temporary directory, on loopback. Secrets come from
// an env file as `.dev.vars` would give them, and the Feishu Open API is the loopback fake. On a
// database without migrations /health says so (503) and the log names the command; after
// `wrangler d1 migrations apply` the same running Worker serves: /health, a signed Feishu message
// answered through the Open API, and both Cron Triggers (fired as wrangler's --test-scheduled does),
// the reminders of a due day sent once however often the trigger fires. The pool-workers tests
// (test/workers) import the module; only this one proves workerd accepts it as an entry.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMobile, root } from '../support/demo-store.ts';
import { type FakeFeishu, MESSAGES_PATH, startFakeFeishu } from '../support/fake-feishu.ts';
import { buildSignedRequest, messageSample } from '../support/feishu-sign.ts';

const ENCRYPT_KEY = 'wrangler-dev-encrypt-key';
const VERIFICATION_TOKEN = 'wrangler-dev-verify-token';
const OPEN_ID = 'ou_wrangler_dev_zhushan';

const dir = mkdtempSync(join(tmpdir(), 'bangfu-wrangler-dev-'));
const wranglerEnv = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_LOG_PATH: join(dir, 'logs'),
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  CI: 'true',
};

let fake: FakeFeishu;
let dev: ChildProcess | undefined;
let base = '';
let log = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `read` until it gives a value; what it throws ends the wait at once. */
async function waitFor<T>(what: string, read: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what} did not happen within ${ms} ms; wrangler said:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function signedMessage(text: string, n: number): RequestInit {
  const sample = messageSample({
    token: VERIFICATION_TOKEN,
    eventId: `evt_wrangler_${n}_${Date.now()}`,
    messageId: `om_wrangler_${n}_${Date.now()}`,
  });
  sample.event.sender.sender_id.open_id = OPEN_ID;
  sample.event.message.chat_type = 'p2p';
  sample.event.message.chat_id = 'oc_wrangler_dev';
  sample.event.message.content = JSON.stringify({ text });
  sample.event.message.mentions = [];
  const request = buildSignedRequest(sample, {
    encryptKey: ENCRYPT_KEY,
    timestamp: Math.floor(Date.now() / 1000),
  });
  return { method: 'POST', headers: request.headers, body: request.body };
}

/** Fires a Cron Trigger at a moment, as `wrangler dev --test-scheduled` (Miniflare) offers. */
async function trigger(cron: string, at: Date): Promise<Response> {
  const query = new URLSearchParams({ cron, time: String(at.getTime()) });
  return fetch(`${base}/cdn-cgi/handler/scheduled?${query}`);
}

const sentTo = (openId: string) => fake.messages.filter((m) => m.receiveId === openId);

beforeAll(async () => {
  // The demo roster's 竹山县 clerk has this mobile; Feishu's directory knows it as OPEN_ID, so the
  // bot recognises the sender on first contact (bot/identify.ts) as it would a real clerk.
  fake = await startFakeFeishu({ mobiles: { [demoMobile('county', '竹山县')]: OPEN_ID } });
  const envFile = join(dir, 'secrets.env');
  writeFileSync(
    envFile,
    [
      `FEISHU_APP_ID=${fake.appId}`,
      `FEISHU_APP_SECRET=${fake.appSecret}`,
      `FEISHU_ENCRYPT_KEY=${ENCRYPT_KEY}`,
      `FEISHU_VERIFICATION_TOKEN=${VERIFICATION_TOKEN}`,
      `FEISHU_DOMAIN=${fake.url}`,
    ].join('\n'),
  );
  const [port, inspectorPort] = [await freePort(), await freePort()];
  base = `http://127.0.0.1:${port}`;
  dev = spawn(
    root('node_modules/.bin/wrangler'),
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      join(dir, 'state'),
      '--env-file',
      envFile,
      '--test-scheduled',
      '--show-interactive-dev-session=false',
    ],
    { cwd: root(''), env: wranglerEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  dev.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  dev.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  await waitFor('wrangler dev listening', async () => {
    // Fail at once, not after the wait, when workerd refuses the module (or wrangler stops).
    if (/failed to start|Uncaught/.test(log) || dev?.exitCode !== null) {
      throw new Error(`wrangler dev did not start:\n${log}`);
    }
    return /Ready on http/.test(log) ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  if (dev && dev.exitCode === null) {
    const exited = new Promise((resolve) => dev?.once('exit', resolve));
    dev.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (dev.exitCode === null) dev.kill('SIGKILL');
  }
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('`wrangler dev` with the real wrangler.toml and a local D1', () => {
  it('says on /health that the database is not migrated, and how to migrate it, without a stack trace', async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { ok: boolean; database: string; message: string };
    expect(body).toMatchObject({ ok: false, database: 'not_migrated' });
    expect(body.message).toContain('数据库未迁移');
    expect(body.message).toContain('npx wrangler d1 migrations apply DB --remote');
    // A webhook meanwhile is refused with 503, so the platform delivers it again later.
    const webhook = await fetch(`${base}/webhooks/feishu`, signedMessage('帮助', 0));
    expect(webhook.status).toBe(503);
    expect(await webhook.text()).toContain('数据库未迁移');
    await waitFor('the log naming the migration command', async () =>
      /数据库未迁移/.test(log) ? true : undefined,
    );
    expect(log).not.toMatch(/D1_ERROR|no such table|^\s+at /m);
    expect(fake.messages).toEqual([]);
  });

  it('serves once wrangler has applied the migrations: /health answers 200', async () => {
    await promisify(execFile)(
      root('node_modules/.bin/wrangler'),
      ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', join(dir, 'state')],
      { cwd: root(''), env: wranglerEnv },
    );
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, waitingMessages: 0 });
  }, 60_000);

  it('answers a signed Feishu message through the loopback Open API after acknowledging it', async () => {
    // The demo contact of 竹山县 made a real one on Feishu whose account is not known yet, as a contact
    // sheet with platform feishu and no user id would: the bot then recognises it by its mobile.
    await promisify(execFile)(
      root('node_modules/.bin/wrangler'),
      [
        'd1',
        'execute',
        'DB',
        '--local',
        '--persist-to',
        join(dir, 'state'),
        '--command',
        `UPDATE contacts SET platform = 'feishu', platform_user_id = NULL, demo = 0
           WHERE mobile = '${demoMobile('county', '竹山县')}';
         UPDATE roster_version SET version = version + 1 WHERE id = 1;`,
      ],
      { cwd: root(''), env: wranglerEnv },
    );
    const response = await fetch(`${base}/webhooks/feishu`, signedMessage('帮助', 1));
    expect(response.status).toBe(200);
    const replies = await waitFor('the reply', async () => {
      const found = fake.messages.filter((m) => m.receiveId === 'oc_wrangler_dev');
      return found.length > 0 ? found : undefined;
    });
    expect(replies).toHaveLength(1);
    // Recognised by mobile as 竹山县's clerk: the help card speaks to that county.
    expect(JSON.stringify(replies[0]?.content)).toContain('竹山县');
  }, 60_000);

  it('runs both Cron Triggers; a due reminder goes out once however often the trigger fires', async () => {
    const at = new Date('2023-03-24T09:05:00+08:00');
    const before = fake.requestsTo(MESSAGES_PATH).length;
    // Delivered twice (Cron Triggers are at least once), then the next run five minutes on.
    for (const moment of [at, at, new Date(at.getTime() + 5 * 60_000)]) {
      expect((await trigger('*/5 * * * *', moment)).status).toBe(200);
    }
    const reminders = sentTo(OPEN_ID);
    expect(reminders).toHaveLength(1);
    expect(JSON.stringify(reminders[0]?.content)).toContain('报送提醒');
    expect(fake.requestsTo(MESSAGES_PATH).length - before).toBe(1);
    expect((await trigger('17 * * * *', new Date('2023-03-24T10:17:00+08:00'))).status).toBe(200);
    await waitFor('the hourly prune in the log', async () =>
      /pruned processed events/.test(log) ? true : undefined,
    );
  }, 60_000);

  it('logs no driver warning and no uncaught error', () => {
    expect(log).not.toContain('kysely:warning');
    expect(log).not.toMatch(/Uncaught|failed to start/);
  });
});
