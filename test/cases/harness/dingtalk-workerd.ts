// The shared cases on DingTalk inside workerd: the Worker entry over the local D1 (workerd-app.ts), the
// DingTalk client reaching a loopback fake that the Node globalSetup starts on request.
import { openD1 } from '../../../src/store/d1.ts';
import { dingtalkEnv } from '../../support/dingtalk-env.ts';
import { castPeople, type HarnessFactory } from '../harness.ts';
import { DINGTALK_CARD_CALLBACK_TOKEN, dingtalkAccount, dingtalkDriver } from './dingtalk-driver.ts';
import { startFake, type WorkerdDeps } from './feishu-workerd.ts';
import { resetD1, workerdApp } from './workerd-app.ts';

export function dingtalkWorkerdHarness(deps: WorkerdDeps): HarnessFactory {
  return async (setup) => {
    const store = openD1(deps.env.DB);
    await resetD1(store);
    const mobiles = await castPeople(store, 'dingtalk', setup.people, dingtalkAccount);
    const fake = await startFake(deps.fakes, 'dingtalk', mobiles);
    const app = workerdApp({
      store,
      env: deps.env,
      now: setup.now,
      settings: dingtalkEnv({ ...fake, appKey: fake.appId }, DINGTALK_CARD_CALLBACK_TOKEN),
      close: fake.close,
    });
    return dingtalkDriver({ app, fake: { url: fake.url, appSecret: fake.appSecret }, now: setup.now });
  };
}
