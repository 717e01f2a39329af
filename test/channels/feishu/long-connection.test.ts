// Feishu's long connection end to end: the app as `npm start` composes it (FEISHU_MODE=long-connection)
// connects out to the loopback gateway (test/support/fake-feishu-gateway.ts), which the official SDK's
// own WSClient is first shown to understand. Then: an event in, its reply out; a long event in parts; the
// connection dropped mid-burst and re-established with nothing lost and nothing answered twice; a silent
// (half-open) connection replaced; /health showing the connection.
import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { serveNodeApp } from '../../cases/harness/node-app.ts';
import type { AppUnderTest } from '../../cases/harness.ts';
import { demoStore } from '../../support/demo-store.ts';
import { type FakeFeishu, MESSAGES_PATH, startFakeFeishu } from '../../support/fake-feishu.ts';
import { type FakeFeishuGateway, startFakeFeishuGateway } from '../../support/fake-feishu-gateway.ts';
import { cardActionSample, messageSample } from '../../support/feishu-sign.ts';

/** The SDK insists on an App ID of this shape. */
const APP_ID = 'cli_a1b2c3d4e5f60718';

function message(n: number, sender = 'ou_stranger') {
  const sample = messageSample({ eventId: `evt_${n}`, messageId: `om_${n}` });
  sample.event.sender.sender_id.open_id = sender;
  sample.event.message.chat_type = 'p2p';
  sample.event.message.chat_id = `oc_${sender}`;
  sample.event.message.mentions = [];
  sample.event.message.content = JSON.stringify({ text: '帮助' });
  return sample;
}

describe('the fake gateway, checked against the official SDK', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('the SDK WSClient connects, pings, gets a message and a card press, and its answers come back', async () => {
    const fake = await startFakeFeishu({ appId: APP_ID });
    const gateway = await startFakeFeishuGateway(fake);
    const received: string[] = [];
    const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register<{
      'card.action.trigger': (data: unknown) => unknown;
    }>({
      'im.message.receive_v1': async (data) => {
        received.push(data.message.message_id);
      },
      'card.action.trigger': async () => ({ toast: { type: 'success', content: '已保存' } }),
    });
    const client = new lark.WSClient({
      appId: APP_ID,
      appSecret: fake.appSecret,
      domain: fake.url,
      loggerLevel: lark.LoggerLevel.error,
    });
    close = async () => {
      client.close({ force: true });
      await gateway.close();
      await fake.close();
    };
    await client.start({ eventDispatcher: dispatcher });
    // The SDK listens for frames only after its first ping: an event sent before that would be lost.
    while (gateway.pings() === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    expect(await gateway.push(message(1))).toEqual({ code: 200 });
    expect(received).toEqual(['om_1']);
    // A payload in three frames is joined before it is handled.
    expect(await gateway.push(message(2), { parts: 3 })).toEqual({ code: 200 });
    expect(received).toEqual(['om_1', 'om_2']);
    const card = await gateway.push(cardActionSample({ eventId: 'evt_card' }));
    expect(card).toEqual({ code: 200, body: { toast: { type: 'success', content: '已保存' } } });
  });
});

describe('the app over the long connection', () => {
  let fake: FakeFeishu;
  let gateway: FakeFeishuGateway;
  let app: AppUnderTest | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(secret?: string) {
    const { store, db } = await demoStore();
    fake = await startFakeFeishu();
    gateway = await startFakeFeishuGateway(fake);
    app = await serveNodeApp({
      store,
      db,
      fake: {
        async close() {
          await gateway.close();
          await fake.close();
        },
      },
      now: new Date('2023-03-27T02:00:00Z'),
      env: {
        FEISHU_MODE: 'long-connection',
        FEISHU_APP_ID: fake.appId,
        FEISHU_APP_SECRET: secret ?? fake.appSecret,
        FEISHU_DOMAIN: fake.url,
      },
    });
    return app;
  }

  const health = async (a: AppUnderTest) =>
    (await (await a.request('/health', {})).json()) as {
      connections: { platform: string; mode: string; state: string; lastEventAt: string | null }[];
    };

  it('a message in, its reply out; /health shows the connection and its last event', async () => {
    const a = await start();
    await gateway.waitForConnections(1);
    expect((await health(a)).connections).toMatchObject([
      { platform: 'feishu', mode: 'long-connection', state: 'connected', lastEventAt: null },
    ]);
    expect(await gateway.push(message(1, 'ou_someone'))).toEqual({ code: 200 });
    await a.settle?.();
    expect(fake.messages.map((m) => m.receiveId)).toEqual(['oc_ou_someone']);
    expect((await health(a)).connections[0]?.lastEventAt).not.toBeNull();
    const metrics = await (await a.request('/metrics', {})).text();
    expect(metrics).toContain('bangfu_connection_up{platform="feishu",mode="long-connection"} 1');
    expect(metrics).toContain(
      'bangfu_events_total{platform="feishu",mode="long-connection",kind="message"} 1',
    );
    // No webhook is served in this mode.
    expect((await a.request('/webhooks/feishu', { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('a connection dropped mid-burst comes back; every message is answered exactly once', async () => {
    const a = await start();
    await gateway.waitForConnections(1);
    gateway.dropOnNextAnswer();
    const burst = Array.from({ length: 30 }, (_, i) => message(i + 1, `ou_sender_${i + 1}`));
    const answers = await Promise.all(burst.map((m) => gateway.push(m)));
    await a.settle?.();
    expect(answers.every((answer) => answer.code === 200)).toBe(true);
    expect(gateway.connections()).toBe(2);
    // Events whose answers were lost with the connection came again …
    expect(gateway.deliveries()).toBeGreaterThan(burst.length);
    // … and were not answered twice.
    const sent = fake.requestsTo(MESSAGES_PATH).map((r) => (r.body as { receive_id: string }).receive_id);
    expect(sent.sort()).toEqual(burst.map((m) => m.event.message.chat_id).sort());
  });

  it('a silent (half-open) connection is noticed by its unanswered ping and replaced', async () => {
    const a = await start();
    await gateway.waitForConnections(1);
    gateway.silence();
    await gateway.waitForConnections(2);
    const [connection] = (await health(a)).connections as unknown as { state: string; drops: number }[];
    expect(connection).toMatchObject({ state: 'connected', drops: 1 });
    expect(await gateway.push(message(1, 'ou_after'))).toEqual({ code: 200 });
    await a.settle?.();
    expect(fake.messages.map((m) => m.receiveId)).toEqual(['oc_ou_after']);
  });

  it('wrong credentials: the gateway refuses, /health says why, no secret in it', async () => {
    const a = await start('wrong-secret-value');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [connection] = (await health(a)).connections as unknown as { state: string; lastError: string }[];
    expect(connection?.state).toBe('reconnecting');
    expect(connection?.lastError).toContain('514');
    expect(JSON.stringify(connection)).not.toContain('wrong-secret-value');
    expect(gateway.connections()).toBe(0);
  });
});
