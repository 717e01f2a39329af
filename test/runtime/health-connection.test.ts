// /health while a long connection is down: the app as `npm start` composes it connects out to the
// loopback Feishu gateway; the gateway goes away, and /health says so (degraded at first, 503 once the
// connection has been down past the grace), then it comes back and /health is ok again.
import { afterEach, describe, expect, it } from 'vitest';
import { CONNECTION_GRACE_MS } from '../../src/http/app.ts';
import { serveNodeApp } from '../cases/harness/node-app.ts';
import type { AppUnderTest } from '../cases/harness.ts';
import { demoStore } from '../support/demo-store.ts';
import { startFakeFeishu } from '../support/fake-feishu.ts';
import { type FakeFeishuGateway, startFakeFeishuGateway } from '../support/fake-feishu-gateway.ts';

const START = new Date('2023-03-27T02:00:00Z');

interface Health {
  status: number;
  body: { ok: boolean; status: string; connections: { state: string; downSince: string | null }[] };
}

describe('/health with a long connection', () => {
  let app: AppUnderTest | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('reports the connection down, degraded then 503 past the grace, and ok once it is back', async () => {
    const fake = await startFakeFeishu();
    let gateway: FakeFeishuGateway = await startFakeFeishuGateway(fake);
    let at = START;
    const { store, db } = await demoStore();
    app = await serveNodeApp({
      store,
      db,
      now: START,
      clock: () => at,
      fake: {
        close: async () => {
          await gateway.close();
          await fake.close();
        },
      },
      env: {
        FEISHU_MODE: 'long-connection',
        FEISHU_APP_ID: fake.appId,
        FEISHU_APP_SECRET: fake.appSecret,
        FEISHU_DOMAIN: fake.url,
      },
    });
    const running = app;
    const health = async (): Promise<Health> => {
      const response = await running.request('/health', {});
      return { status: response.status, body: (await response.json()) as Health['body'] };
    };

    await gateway.waitForConnections(1);
    await expect.poll(async () => (await health()).body.connections[0]?.state).toBe('connected');
    expect(await health()).toMatchObject({
      status: 200,
      body: { ok: true, status: 'ok', connections: [{ state: 'connected', downSince: null }] },
    });

    await gateway.close();
    await expect.poll(async () => (await health()).body.status).toBe('degraded');
    const degraded = await health();
    expect(degraded.status).toBe(200);
    expect(degraded.body.connections[0]?.state).toBe('reconnecting');
    expect(degraded.body.connections[0]?.downSince).toBe(START.toISOString());

    // Still down past the grace: the instance is not healthy.
    at = new Date(START.getTime() + CONNECTION_GRACE_MS + 1000);
    expect(await health()).toMatchObject({
      status: 503,
      body: { ok: false, status: 'down', connections: [{ state: 'reconnecting' }] },
    });

    // The gateway is back (the endpoint now names the new one): the client reconnects by itself.
    gateway = await startFakeFeishuGateway(fake);
    await gateway.waitForConnections(1);
    await expect.poll(async () => (await health()).status).toBe(200);
    expect(await health()).toMatchObject({
      status: 200,
      body: { ok: true, status: 'ok', connections: [{ state: 'connected', downSince: null }] },
    });
  }, 30_000);
});
