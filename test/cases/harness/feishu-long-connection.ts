// The shared cases on Feishu's long connection under Node: the app as `npm start` composes it with
// FEISHU_MODE=long-connection — no webhook; it connects out to the loopback gateway, which pushes each
// event as a frame and reads the answer from the frame that comes back — the real Open API client
// talking to the loopback fake, a real SQLite file.
import { demoStore } from '../../support/demo-store.ts';
import { RESET_PATH, startFakeFeishu } from '../../support/fake-feishu.ts';
import { startFakeFeishuGateway } from '../../support/fake-feishu-gateway.ts';
import { castPeople, type HarnessFactory } from '../harness.ts';
import { feishuAccount, feishuDriver } from './feishu-driver.ts';
import { serveNodeApp } from './node-app.ts';

export const feishuLongConnectionHarness: HarnessFactory = async (setup) => {
  const { store, db } = await demoStore();
  const mobiles = await castPeople(store, 'feishu', setup.people, feishuAccount);
  const fake = await startFakeFeishu();
  await fetch(`${fake.url}${RESET_PATH}`, { method: 'POST', body: JSON.stringify({ mobiles }) });
  const gateway = await startFakeFeishuGateway(fake);
  const app = await serveNodeApp({
    store,
    db,
    fake: {
      async close() {
        await gateway.close();
        await fake.close();
      },
    },
    now: setup.now,
    env: {
      FEISHU_MODE: 'long-connection',
      FEISHU_APP_ID: fake.appId,
      FEISHU_APP_SECRET: fake.appSecret,
      FEISHU_DOMAIN: fake.url,
    },
  });
  await gateway.waitForConnections(1);
  return feishuDriver({
    app,
    fakeUrl: fake.url,
    now: setup.now,
    async deliver(payload) {
      const answer = await gateway.push(payload);
      await app.settle?.();
      return { status: answer.code, body: answer.body ?? {} };
    },
  });
};
