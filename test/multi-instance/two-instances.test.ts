// Two instances of the Node server (src/runtime/node.ts, as `npm start` runs it) on one PostgreSQL
// database, as behind a bureau's load balancer: both sweeping the same morning send each reminder once;
// a chat message delivered to both is answered once; one instance killed (SIGKILL) with messages taken
// and waiting, the other answers them all within seconds, each once.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OpenedStore } from '../../src/store/open.ts';
import { POSTGRES, storeEachTestOn, type TestDb } from '../support/backends.ts';
import { consoleSessionAt } from '../support/console-app.ts';
import { root } from '../support/demo-store.ts';
import { type FakeFeishu, MESSAGES_PATH, startFakeFeishu } from '../support/fake-feishu.ts';
import { buildSignedRequest, messageSample } from '../support/feishu-sign.ts';
import { freePort } from '../support/server.ts';

const KEY = 'multi-encrypt-key';
const TOKEN = 'multi-token';

interface Instance {
  base: string;
  child: ChildProcess;
  output(): string;
}

const children: ChildProcess[] = [];
let fake: FakeFeishu | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await fake?.close();
  fake = undefined;
});

async function start(url: string, env: Record<string, string>, args: string[] = []): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', root('src/runtime/node.ts'), ...args], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: root('.'),
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output}`);
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { base, child, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${output}`);
}

let store: OpenedStore;
let db: TestDb;

describe.skipIf(!POSTGRES.available)('two instances on one PostgreSQL database', () => {
  storeEachTestOn(POSTGRES, (s, d) => {
    store = s;
    db = d;
  });

  it('sweeping the same morning together, send each reminder once', async () => {
    // Demo mode on both (console messenger, clock at 09:05 on a Friday a week before the deadlines).
    const now = ['--now', '2023-03-24T09:05'];
    const [a, b] = await Promise.all([start(db.url, {}, now), start(db.url, {}, now)]);
    const sweep = async (instance: Instance) => {
      const response = await fetch(`${instance.base}/console/api/sweep`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(await consoleSessionAt(instance.base)) },
        body: '{}',
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { result: { enqueued: number; sent: number } }).result;
    };
    const [first, second] = await Promise.all([sweep(a), sweep(b)]);
    const cards = await store.db.selectFrom('reminder_messages').select(['message_key', 'state']).execute();
    const delivered = await store.db
      .selectFrom('console_inbox')
      .select('key')
      .where('key', 'like', 'rem:%')
      .execute();
    expect(cards.length).toBeGreaterThan(37);
    expect(cards.every((c) => c.state === 'sent')).toBe(true);
    // Each card was queued by one instance and sent by one instance: the two counts add up exactly.
    expect(first.enqueued + second.enqueued).toBe(cards.length);
    expect(first.sent + second.sent).toBe(cards.length);
    expect(delivered).toHaveLength(cards.length);
    // Sweeping again the same morning, on either, sends nothing more.
    const [again, andAgain] = await Promise.all([sweep(a), sweep(b)]);
    expect(again.sent + andAgain.sent + again.enqueued + andAgain.enqueued).toBe(0);
  }, 120_000);

  it('answer a message delivered to both once, and take over what a killed instance held', async () => {
    // The demo roster with each county's contact bound to Feishu as ou_c<i>.
    const counties = (
      await store.db.selectFrom('units').select('name').where('kind', '=', 'county').execute()
    ).map((r) => r.name);
    for (const [i, name] of counties.entries())
      await store.db
        .updateTable('contacts')
        .set({ platform: 'feishu', platform_user_id: `ou_c${i}` })
        .where('unit_id', '=', `county:${name}`)
        .execute();
    const feishu = await startFakeFeishu();
    fake = feishu;
    const env = {
      FEISHU_APP_ID: feishu.appId,
      FEISHU_APP_SECRET: feishu.appSecret,
      FEISHU_ENCRYPT_KEY: KEY,
      FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_DOMAIN: feishu.url,
      LOG_LEVEL: 'silent',
    };
    const [a, b] = await Promise.all([start(db.url, env), start(db.url, env)]);
    const post = (instance: Instance, payload: unknown) => {
      const signed = buildSignedRequest(payload, {
        encryptKey: KEY,
        timestamp: Math.floor(Date.now() / 1000),
      });
      return fetch(`${instance.base}/webhooks/feishu`, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      }).catch(() => null);
    };
    const message = (i: number, n: number) => {
      const sample = messageSample({
        token: TOKEN,
        eventId: `evt-multi-${i}-${n}`,
        messageId: `om_multi_${i}_${n}`,
      });
      sample.event.message.chat_type = 'p2p';
      sample.event.message.chat_id = `oc_multi_${i}_${n}`;
      sample.event.sender.sender_id.open_id = `ou_c${i}`;
      sample.event.message.mentions = [];
      sample.event.message.content = JSON.stringify({ text: '帮助' });
      return sample;
    };
    const repliesTo = (chatId: string) => feishu.messages.filter((m) => m.receiveId === chatId);

    // The platform delivering the same message to both instances (a retry landing on the other one).
    const twice = counties
      .slice(0, 10)
      .map((_, i) => ({ chatId: `oc_multi_${i}_0`, payload: message(i, 0) }));
    await Promise.all(twice.flatMap(({ payload }) => [post(a, payload), post(b, payload)]));
    await vi.waitFor(
      () => {
        for (const t of twice) expect(repliesTo(t.chatId), t.chatId).toHaveLength(1);
      },
      { timeout: 30_000, interval: 200 },
    );
    const sendsBefore = feishu.requestsTo(MESSAGES_PATH).length;
    expect(sendsBefore).toBe(twice.length);

    // A burst to instance A only; A is killed while most wait for their reply (Feishu's pace: 50 a second).
    const acknowledged: string[] = [];
    await Promise.all(
      counties.map(async (_, i) => {
        for (let n = 1; n <= 6; n++) {
          const response = await post(a, message(i, n));
          if (response?.status === 200) acknowledged.push(`oc_multi_${i}_${n}`);
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 100));
    a.child.kill('SIGKILL');
    const answeredByA = acknowledged.filter((chatId) => repliesTo(chatId).length > 0).length;
    expect(acknowledged.length).toBeGreaterThan(100);
    expect(answeredByA).toBeLessThan(acknowledged.length);
    // Taken by A at its death: what B must wait out (the lease), not only what A never took.
    const leasedByA = await store.db
      .selectFrom('processed_events')
      .select('key')
      .where('work', 'is not', null)
      .where('taken_by', 'is not', null)
      .execute();
    expect(leasedByA.length).toBeGreaterThan(0);

    const killedAt = Date.now();
    await vi.waitFor(
      () => {
        for (const chatId of acknowledged) expect(repliesTo(chatId), chatId).not.toHaveLength(0);
      },
      { timeout: 60_000, interval: 200 },
    );
    const tookOverIn = Date.now() - killedAt;
    // The lease (20 s) and B's next look (every 5 s), with Feishu's pace for the rest.
    expect(tookOverIn).toBeLessThan(40_000);
    for (const chatId of acknowledged) expect(repliesTo(chatId), chatId).toHaveLength(1);
    await vi.waitFor(async () => {
      const health = await fetch(`${b.base}/health`);
      expect(await health.json()).toMatchObject({ ok: true, waitingMessages: 0 });
    });
  }, 120_000);
});
