// The shared cases on DingTalk's Stream mode under Node: the app as `npm start` composes it with
// DINGTALK_MODE=stream — no webhook; it connects out to the loopback Stream gateway, which pushes robot
// messages and card presses as frames and reads the answers — the real Open API client talking to the
// loopback fake, a real SQLite file.
import { TOPIC_CARD, TOPIC_ROBOT } from '../../../src/channels/dingtalk/stream-protocol.ts';
import { demoStore } from '../../support/demo-store.ts';
import { dingtalkEnv } from '../../support/dingtalk-env.ts';
import { RESET_PATH, startFakeDingtalk } from '../../support/fake-dingtalk.ts';
import { startFakeDingtalkStream } from '../../support/fake-dingtalk-stream.ts';
import { castPeople, type HarnessFactory } from '../harness.ts';
import { DINGTALK_CARD_CALLBACK_TOKEN, dingtalkAccount, dingtalkDriver } from './dingtalk-driver.ts';
import { serveNodeApp } from './node-app.ts';

export const dingtalkStreamHarness: HarnessFactory = async (setup) => {
  const { store, db } = await demoStore();
  const mobiles = await castPeople(store, 'dingtalk', setup.people, dingtalkAccount);
  const fake = await startFakeDingtalk();
  await fetch(`${fake.url}${RESET_PATH}`, { method: 'POST', body: JSON.stringify({ mobiles }) });
  const gateway = await startFakeDingtalkStream(fake);
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
    env: { ...dingtalkEnv(fake, DINGTALK_CARD_CALLBACK_TOKEN), DINGTALK_MODE: 'stream' },
  });
  await gateway.waitForConnections(1);
  return dingtalkDriver({
    app,
    fake,
    now: setup.now,
    deliver: {
      async message(body) {
        const answer = await gateway.push(TOPIC_ROBOT, body);
        await app.settle?.();
        return { status: answer.code };
      },
      async card(body) {
        const answer = await gateway.push(TOPIC_CARD, body);
        await app.settle?.();
        return { status: answer.code, body: (answer.data as { response?: unknown } | null)?.response };
      },
    },
  });
};
