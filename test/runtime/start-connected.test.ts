// `npm start` itself (the bundle) with both platforms connecting out (FEISHU_MODE=long-connection,
// DINGTALK_MODE=stream) and the outbound proxy set: the banner names what is connected and how, both
// connections come up through the proxy, /health shows them, a message over each is answered, and
// SIGTERM closes both connections cleanly before the process exits.
import { afterEach, describe, expect, it } from 'vitest';
import { TOPIC_ROBOT } from '../../src/channels/dingtalk/stream-protocol.ts';
import { type ConnectProxy, startConnectProxy } from '../support/connect-proxy.ts';
import { type TempDb, tempDb } from '../support/demo-store.ts';
import { directMessage } from '../support/dingtalk-sign.ts';
import { BATCH_SEND_PATH, type FakeDingtalk, startFakeDingtalk } from '../support/fake-dingtalk.ts';
import { type FakeDingtalkStream, startFakeDingtalkStream } from '../support/fake-dingtalk-stream.ts';
import { type FakeFeishu, startFakeFeishu } from '../support/fake-feishu.ts';
import { type FakeFeishuGateway, startFakeFeishuGateway } from '../support/fake-feishu-gateway.ts';
import { messageSample } from '../support/feishu-sign.ts';
import { type RunningServer, startServer } from '../support/server.ts';

describe('the Node entry connecting out', () => {
  let server: RunningServer | undefined;
  let db: TempDb | undefined;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await server?.stop();
    for (const close of closers.splice(0)) await close();
    await db?.cleanup();
  });

  it('connects both platforms through the proxy, answers over each, and closes them on SIGTERM', async () => {
    const feishu: FakeFeishu = await startFakeFeishu();
    const feishuGateway: FakeFeishuGateway = await startFakeFeishuGateway(feishu, {
      host: 'gateway.invalid',
    });
    const dingtalk: FakeDingtalk = await startFakeDingtalk();
    const stream: FakeDingtalkStream = await startFakeDingtalkStream(dingtalk, { host: 'stream.invalid' });
    const proxy: ConnectProxy = await startConnectProxy();
    closers.push(feishuGateway.close, feishu.close, stream.close, dingtalk.close, proxy.close);
    db = await tempDb();
    server = await startServer(
      {
        DATABASE_URL: db.url,
        HTTPS_PROXY: proxy.url,
        HTTP_PROXY: proxy.url,
        NO_PROXY: '',
        FEISHU_MODE: 'long-connection',
        FEISHU_APP_ID: feishu.appId,
        FEISHU_APP_SECRET: feishu.appSecret,
        FEISHU_DOMAIN: feishu.url.replace('127.0.0.1', 'feishu.invalid'),
        DINGTALK_MODE: 'stream',
        DINGTALK_APP_KEY: dingtalk.appKey,
        DINGTALK_APP_SECRET: dingtalk.appSecret,
        DINGTALK_ROBOT_CODE: 'dingrobotcode',
        DINGTALK_BASE_URL: dingtalk.url.replace('127.0.0.1', 'dingtalk.invalid'),
        DINGTALK_OAPI_BASE_URL: dingtalk.url.replace('127.0.0.1', 'dingtalk.invalid'),
      },
      [],
      // The bundle npm start builds: ws, protobufjs and the proxy agents must resolve from it.
      { via: 'npm' },
    );
    await expect.poll(() => server?.output() ?? '').toContain('健康检查');
    expect(server.output()).toContain(
      '已接入：飞书（长连接，无需公网地址）、钉钉（Stream 模式，无需公网地址）',
    );
    expect(server.output()).toContain(`对外访问经代理：${proxy.url}`);
    await feishuGateway.waitForConnections(1);
    await stream.waitForConnections(1);
    await expect
      .poll(async () => {
        const health = (await (await fetch(`${server?.base}/health`)).json()) as {
          connections: { state: string }[];
        };
        return health.connections.map((c) => c.state);
      })
      .toEqual(['connected', 'connected']);

    const event = messageSample({ eventId: 'evt_start', messageId: 'om_start' });
    event.event.message.chat_type = 'p2p';
    event.event.message.mentions = [];
    event.event.message.content = JSON.stringify({ text: '帮助' });
    expect(await feishuGateway.push(event)).toEqual({ code: 200 });
    expect(await stream.push(TOPIC_ROBOT, directMessage('staff_x', '帮助', 'msg_start'))).toMatchObject({
      code: 200,
    });
    await expect.poll(() => feishu.messages.length).toBe(1);
    await expect.poll(() => dingtalk.requestsTo(BATCH_SEND_PATH).length).toBe(1);

    await server.stop();
    // Closed with a goodbye (1000), not dropped (1006): the shutdown closed them before exiting.
    expect(feishuGateway.closes()).toEqual([1000]);
    expect(stream.closes()).toEqual([1000]);
  }, 60_000);
});
