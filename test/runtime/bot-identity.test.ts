// Without FEISHU_BOT_OPEN_ID the app asks Feishu for its own open_id at start (bot/v3/info), so in a
// group an @ of someone else is not taken for an @ of the bot.
import { afterEach, describe, expect, it } from 'vitest';
import {
  FEISHU_ENCRYPT_KEY,
  FEISHU_VERIFICATION_TOKEN,
  feishuWebhookDelivery,
} from '../cases/harness/feishu-driver.ts';
import { serveNodeApp } from '../cases/harness/node-app.ts';
import type { AppUnderTest } from '../cases/harness.ts';
import { demoStore } from '../support/demo-store.ts';
import { BOT_INFO_PATH, FAKE_BOT_OPEN_ID, startFakeFeishu } from '../support/fake-feishu.ts';
import { messageSample } from '../support/feishu-sign.ts';

const NOW = new Date('2023-03-27T02:00:00Z');

describe('the bot’s own open_id', () => {
  let app: AppUnderTest | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('is fetched once at start and tells an @ of the bot from an @ of someone else', async () => {
    const fake = await startFakeFeishu();
    const { store, db } = await demoStore();
    app = await serveNodeApp({
      store,
      db,
      fake,
      now: NOW,
      env: {
        FEISHU_APP_ID: fake.appId,
        FEISHU_APP_SECRET: fake.appSecret,
        FEISHU_ENCRYPT_KEY,
        FEISHU_VERIFICATION_TOKEN,
        FEISHU_DOMAIN: fake.url,
      },
    });
    expect(fake.requestsTo(BOT_INFO_PATH)).toHaveLength(1);
    const deliver = feishuWebhookDelivery(app, NOW);
    const groupMessage = (n: number, mentioned: string) => {
      const sample = messageSample({
        token: FEISHU_VERIFICATION_TOKEN,
        eventId: `e${n}`,
        messageId: `om_${n}`,
      });
      const [mention] = sample.event.message.mentions;
      if (mention) mention.id.open_id = mentioned;
      sample.event.message.content = JSON.stringify({ text: '@_user_1 帮助' });
      return sample;
    };
    await deliver(groupMessage(1, 'ou_someone_else'));
    expect(fake.messages).toHaveLength(0);
    await deliver(groupMessage(2, FAKE_BOT_OPEN_ID));
    expect(fake.messages).toHaveLength(1);
  });
});
