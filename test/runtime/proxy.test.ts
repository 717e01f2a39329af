// The outbound proxy: with HTTPS_PROXY / HTTP_PROXY set, every call the app makes — the long
// connections' endpoint calls and WebSockets, the Open API calls, files — goes through the loopback
// proxy. The platforms are given `.invalid` host names, which only the proxy resolves: a call that went
// around it could not connect, and its message would never be answered.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TOPIC_ROBOT } from '../../src/channels/dingtalk/stream-protocol.ts';
import { outboundProxy } from '../../src/runtime/proxy.ts';
import { serveNodeApp } from '../cases/harness/node-app.ts';
import type { AppUnderTest } from '../cases/harness.ts';
import { type ConnectProxy, startConnectProxy } from '../support/connect-proxy.ts';
import { demoStore } from '../support/demo-store.ts';
import { dingtalkEnv } from '../support/dingtalk-env.ts';
import { directMessage } from '../support/dingtalk-sign.ts';
import { BATCH_SEND_PATH, startFakeDingtalk } from '../support/fake-dingtalk.ts';
import { startFakeDingtalkStream } from '../support/fake-dingtalk-stream.ts';
import { startFakeFeishu } from '../support/fake-feishu.ts';
import { startFakeFeishuGateway } from '../support/fake-feishu-gateway.ts';
import { messageSample } from '../support/feishu-sign.ts';

const NAMES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
const hostPort = (url: string) => new URL(url).host;

describe('the outbound proxy', () => {
  let proxy: ConnectProxy;
  let app: AppUnderTest | undefined;
  beforeAll(async () => {
    proxy = await startConnectProxy();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    for (const name of NAMES) delete process.env[name];
  });
  afterAll(async () => {
    await proxy.close();
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  });
  const useProxy = () => {
    for (const name of NAMES) delete process.env[name];
    process.env.HTTPS_PROXY = proxy.url;
    process.env.HTTP_PROXY = proxy.url;
  };

  it('is not set up at all without the variables', () => {
    for (const name of NAMES) delete process.env[name];
    expect(outboundProxy()).toBeNull();
  });

  it('decides per address: NO_PROXY hosts go direct, WebSockets are asked about as HTTP', () => {
    useProxy();
    process.env.NO_PROXY = '127.0.0.1,.intranet.example';
    const chosen = outboundProxy();
    expect(chosen?.proxyFor('https://open.feishu.cn/open-apis/x')).toBe(proxy.url);
    expect(chosen?.proxyFor('wss://wss-open-connection.dingtalk.com/connect')).toBe(proxy.url);
    expect(chosen?.proxyFor('http://127.0.0.1:3000/')).toBeUndefined();
    expect(chosen?.proxyFor('https://feishu.intranet.example/')).toBeUndefined();
  });

  it('Feishu over the long connection: endpoint, WebSocket, token and reply all go through it', async () => {
    useProxy();
    const fake = await startFakeFeishu();
    const gateway = await startFakeFeishuGateway(fake, { host: 'gateway.invalid' });
    const domain = fake.url.replace('127.0.0.1', 'feishu.invalid');
    const { store, db } = await demoStore();
    const chosen = outboundProxy();
    if (!chosen) throw new Error('no proxy');
    app = await serveNodeApp({
      store,
      db,
      proxy: chosen,
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
        FEISHU_APP_SECRET: fake.appSecret,
        FEISHU_DOMAIN: domain,
      },
    });
    await gateway.waitForConnections(1);
    const event = messageSample({ eventId: 'evt_proxy', messageId: 'om_proxy' });
    event.event.message.chat_type = 'p2p';
    event.event.message.mentions = [];
    event.event.message.content = JSON.stringify({ text: '帮助' });
    expect(await gateway.push(event)).toEqual({ code: 200 });
    await app.settle?.();
    expect(fake.messages).toHaveLength(1);
    expect(proxy.targets).toContain(hostPort(domain));
    expect(proxy.targets.some((t) => t.startsWith('gateway.invalid:'))).toBe(true);
  });

  it('DingTalk over the stream: gateway, WebSocket, token and reply all go through it', async () => {
    useProxy();
    const fake = await startFakeDingtalk();
    const gateway = await startFakeDingtalkStream(fake, { host: 'stream.invalid' });
    const base = fake.url.replace('127.0.0.1', 'dingtalk.invalid');
    const { store, db } = await demoStore();
    const chosen = outboundProxy();
    if (!chosen) throw new Error('no proxy');
    app = await serveNodeApp({
      store,
      db,
      proxy: chosen,
      fake: {
        async close() {
          await gateway.close();
          await fake.close();
        },
      },
      now: new Date('2023-03-27T02:00:00Z'),
      env: {
        ...dingtalkEnv({ ...fake, url: base }, 'unused-in-stream-mode'),
        DINGTALK_MODE: 'stream',
      },
    });
    await gateway.waitForConnections(1);
    expect(await gateway.push(TOPIC_ROBOT, directMessage('staff_x', '帮助', 'msg_proxy'))).toMatchObject({
      code: 200,
    });
    await app.settle?.();
    expect(fake.requestsTo(BATCH_SEND_PATH)).toHaveLength(1);
    expect(proxy.targets).toContain(hostPort(base));
    expect(proxy.targets.some((t) => t.startsWith('stream.invalid:'))).toBe(true);
  });

  it('fetch (files) goes through it too', async () => {
    useProxy();
    const fake = await startFakeFeishu();
    try {
      const chosen = outboundProxy();
      const url = `${fake.url.replace('127.0.0.1', 'files.invalid')}/open-apis/nowhere`;
      const response = await chosen?.fetch(url, { method: 'POST', body: '{}' });
      // The fake answered (an unknown path without a token): the request reached it through the proxy.
      expect(response?.status).toBe(400);
      expect(proxy.targets).toContain(hostPort(url));
    } finally {
      await fake.close();
    }
  });
});
