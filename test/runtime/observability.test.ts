// What an operator sees: an info line for each event taken in and each message sent (kinds and ids,
// never what was said), and /metrics in Prometheus text format — events by platform and way in,
// rejections by reason, messages sent, retries and rate limits, the inbox's depth.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FEISHU_ENCRYPT_KEY,
  FEISHU_VERIFICATION_TOKEN,
  feishuWebhookDelivery,
} from '../cases/harness/feishu-driver.ts';
import { serveNodeApp } from '../cases/harness/node-app.ts';
import type { AppUnderTest } from '../cases/harness.ts';
import { demoStore } from '../support/demo-store.ts';
import { MESSAGES_PATH, rateLimited, startFakeFeishu } from '../support/fake-feishu.ts';
import { messageSample } from '../support/feishu-sign.ts';

const NOW = new Date('2023-03-27T02:00:00Z');

describe('observability', () => {
  let app: AppUnderTest | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('logs each event taken in and each message sent without their words, and counts them at /metrics', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const fake = await startFakeFeishu();
    const { store, db } = await demoStore();
    app = await serveNodeApp({
      store,
      db,
      fake,
      now: NOW,
      logger: pino({ level: 'info' }, sink),
      env: {
        FEISHU_APP_ID: fake.appId,
        FEISHU_APP_SECRET: fake.appSecret,
        FEISHU_ENCRYPT_KEY,
        FEISHU_VERIFICATION_TOKEN,
        FEISHU_DOMAIN: fake.url,
      },
    });
    const deliver = feishuWebhookDelivery(app, NOW);
    // The first send is rate-limited once, then goes through.
    fake.failNext(MESSAGES_PATH, rateLimited(0));
    const event = messageSample({
      token: FEISHU_VERIFICATION_TOKEN,
      eventId: 'evt_obs',
      messageId: 'om_obs',
    });
    event.event.message.chat_type = 'p2p';
    event.event.message.mentions = [];
    event.event.message.content = JSON.stringify({ text: '帮助 秘密的话' });
    expect((await deliver(event)).status).toBe(200);
    const rejected = await app.request('/webhooks/feishu', { method: 'POST', body: '{' });
    expect(rejected.status).toBe(400);

    const accepted = lines.find((l) => l.msg === 'event accepted');
    expect(accepted).toMatchObject({ platform: 'feishu', via: 'webhook', kind: 'message', id: 'om_obs' });
    const sent = lines.find((l) => l.msg === 'message sent');
    expect(sent).toMatchObject({ platform: 'feishu', to: 'chat', reply: 'text', key: 'reply:om_obs:0' });
    expect(JSON.stringify(lines)).not.toContain('秘密的话');

    const metrics = await app.request('/metrics', {});
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    for (const line of [
      'bangfu_events_total{platform="feishu",mode="webhook",kind="message"} 1',
      'bangfu_messages_sent_total{platform="feishu",purpose="reply"} 1',
      'bangfu_rejections_total{platform="feishu",reason="invalid_json"} 1',
      'bangfu_api_retries_total{platform="feishu",kind="rate_limited"} 1',
      'bangfu_api_rate_limited_total{platform="feishu"} 1',
      'bangfu_inbox_waiting 0',
    ])
      expect(text).toContain(line);
  });
});
