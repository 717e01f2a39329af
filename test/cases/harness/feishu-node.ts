// The shared cases on Feishu under Node: the app as `npm start` composes it (Feishu configured) over
// real HTTP on 127.0.0.1, the real Open API client talking to the loopback fake, a real SQLite file.
import { demoStore } from '../../support/demo-store.ts';
import { RESET_PATH, startFakeFeishu } from '../../support/fake-feishu.ts';
import { castPeople, type HarnessFactory } from '../harness.ts';
import {
  FEISHU_ENCRYPT_KEY,
  FEISHU_VERIFICATION_TOKEN,
  feishuAccount,
  feishuDriver,
} from './feishu-driver.ts';
import { serveNodeApp } from './node-app.ts';

export const feishuNodeHarness: HarnessFactory = async (setup) => {
  const { store, db } = await demoStore();
  const mobiles = await castPeople(store, 'feishu', setup.people, feishuAccount);
  const fake = await startFakeFeishu();
  // The directory is set over HTTP, as a harness whose fake runs in another process must do.
  await fetch(`${fake.url}${RESET_PATH}`, { method: 'POST', body: JSON.stringify({ mobiles }) });
  const app = await serveNodeApp({
    store,
    db,
    fake,
    now: setup.now,
    env: {
      FEISHU_APP_ID: fake.appId,
      FEISHU_APP_SECRET: fake.appSecret,
      FEISHU_ENCRYPT_KEY,
      FEISHU_VERIFICATION_TOKEN,
      FEISHU_DOMAIN: fake.url,
    },
  });
  return feishuDriver({ app, fakeUrl: fake.url, now: setup.now });
};
