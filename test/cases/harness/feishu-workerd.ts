// The shared cases on Feishu inside workerd: the Worker entry over the local D1 (workerd-app.ts), the
// real Lark SDK client reaching a loopback fake that the Node globalSetup starts on request
// (test/workers/node/fakes.ts). test/workers/cases.test.ts passes in the bindings and the factory.

import type { WorkerEnv } from '../../../src/runtime/worker-handler.ts';
import { openD1 } from '../../../src/store/d1.ts';
import type { FakeAddress } from '../../workers/node/fake-address.ts';
import { castPeople, type HarnessFactory } from '../harness.ts';
import {
  FEISHU_ENCRYPT_KEY,
  FEISHU_VERIFICATION_TOKEN,
  feishuAccount,
  feishuDriver,
} from './feishu-driver.ts';
import { resetD1, workerdApp } from './workerd-app.ts';

export interface WorkerdDeps {
  /** The worker's bindings (the `env` of cloudflare:workers). */
  env: WorkerEnv;
  /** The Node-side fake factory (vitest inject('fakes')). */
  fakes: string;
}

/** Starts a fake Open API in the Node globalSetup; answers its address and how to close it. */
export async function startFake(
  fakes: string,
  platform: 'feishu' | 'dingtalk',
  mobiles: Record<string, string>,
) {
  const post = (path: string, body: unknown) =>
    fetch(`${fakes}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const fake = (await (await post(`/${platform}`, { mobiles })).json()) as FakeAddress;
  return { ...fake, close: async () => void (await post('/close', { url: fake.url })) };
}

export function feishuWorkerdHarness(deps: WorkerdDeps): HarnessFactory {
  return async (setup) => {
    const store = openD1(deps.env.DB);
    await resetD1(store);
    const mobiles = await castPeople(store, 'feishu', setup.people, feishuAccount);
    const fake = await startFake(deps.fakes, 'feishu', mobiles);
    const app = workerdApp({
      store,
      env: deps.env,
      now: setup.now,
      settings: {
        FEISHU_APP_ID: fake.appId,
        FEISHU_APP_SECRET: fake.appSecret,
        FEISHU_ENCRYPT_KEY,
        FEISHU_VERIFICATION_TOKEN,
        FEISHU_DOMAIN: fake.url,
      },
      close: fake.close,
    });
    return feishuDriver({ app, fakeUrl: fake.url, now: setup.now });
  };
}
