// The shared cases on DingTalk under Node: the app as `npm start` composes it (DingTalk configured, with
// the card template and the callback token) over real HTTP on 127.0.0.1, the real Open API client
// talking to the loopback fake, a real SQLite file.
import { demoStore } from '../../support/demo-store.ts';
import { dingtalkEnv } from '../../support/dingtalk-env.ts';
import { RESET_PATH, startFakeDingtalk } from '../../support/fake-dingtalk.ts';
import { castPeople, type HarnessFactory } from '../harness.ts';
import { DINGTALK_CARD_CALLBACK_TOKEN, dingtalkAccount, dingtalkDriver } from './dingtalk-driver.ts';
import { serveNodeApp } from './node-app.ts';

export const dingtalkNodeHarness: HarnessFactory = async (setup) => {
  const { store, db } = await demoStore();
  const mobiles = await castPeople(store, 'dingtalk', setup.people, dingtalkAccount);
  const fake = await startFakeDingtalk();
  // The directory is set over HTTP, as a harness whose fake runs in another process must do.
  await fetch(`${fake.url}${RESET_PATH}`, { method: 'POST', body: JSON.stringify({ mobiles }) });
  const app = await serveNodeApp({
    store,
    db,
    fake,
    now: setup.now,
    env: dingtalkEnv(fake, DINGTALK_CARD_CALLBACK_TOKEN),
  });
  return dingtalkDriver({ app, fake, now: setup.now });
};
