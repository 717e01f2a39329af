// The Feishu half of a harness, the same for every runtime: events signed and encrypted as Feishu sends
// them, what was shown read from the fake (GET /__test/sent). A runtime harness supplies the app (how a
// request reaches it), the store, the sweep and the fake's address.
import { WS_ENDPOINT_PATH } from '../../../src/channels/feishu/open-api.ts';
import { BOT_INFO_PATH, INSPECT_PATH, TOKEN_PATH } from '../../support/fake-feishu.ts';
import { buildSignedRequest, cardActionSample, messageSample } from '../../support/feishu-sign.ts';
import type { AppUnderTest, Harness } from '../harness.ts';
import { type FeishuButtonHandle, type FeishuSentState, feishuAnswer, feishuSent } from '../views/feishu.ts';

export const FEISHU_ENCRYPT_KEY = 'cases-encrypt-key';
export const FEISHU_VERIFICATION_TOKEN = 'cases-verification-token';

export const feishuAccount = (who: string) => `ou_${who}`;

/** How an event reaches the app: its status (HTTP, or the long connection's answer code) and answer. */
export type FeishuDelivery = (payload: unknown) => Promise<{ status: number; body: unknown }>;

/** Over the webhook: signed and encrypted as Feishu posts it. */
export function feishuWebhookDelivery(app: AppUnderTest, now: Date): FeishuDelivery {
  return async (payload) => {
    const signed = buildSignedRequest(payload, {
      encryptKey: FEISHU_ENCRYPT_KEY,
      timestamp: Math.floor(now.getTime() / 1000),
    });
    const response = await app.request('/webhooks/feishu', {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : {} };
  };
}

export function feishuDriver(options: {
  app: AppUnderTest;
  fakeUrl: string;
  now: Date;
  deliver?: FeishuDelivery;
}): Harness {
  const { app, fakeUrl, now } = options;
  const p2p = (who: string) => `oc_p2p_${who}`;
  const group = (who: string) => `oc_group_${who}`;
  const post = options.deliver ?? feishuWebhookDelivery(app, now);
  const state = async () => (await (await fetch(`${fakeUrl}${INSPECT_PATH}`)).json()) as FeishuSentState;

  let seq = 0;
  return {
    platform: 'feishu',
    store: app.store,
    accountOf: feishuAccount,

    async send(who, text, options = {}) {
      seq += 1;
      const sample = messageSample({
        token: FEISHU_VERIFICATION_TOKEN,
        eventId: `evt_${seq}`,
        messageId: `om_msg_${seq}`,
      });
      sample.event.sender.sender_id.open_id = feishuAccount(who);
      sample.event.message.chat_type = options.group ? 'group' : 'p2p';
      sample.event.message.chat_id = options.group ? group(who) : p2p(who);
      // In a group the bot acts only on messages that @ it: the sample's mention of @_user_1 stays.
      const mention = options.group && options.mention !== false;
      sample.event.message.content = JSON.stringify({ text: mention ? `@_user_1 ${text}` : text });
      if (!mention) sample.event.message.mentions = [];
      let response = await post(sample);
      for (let i = 1; i < (options.times ?? 1); i += 1) response = await post(sample);
      return { status: response.status };
    },

    async press(who, button, form = {}) {
      seq += 1;
      const { value } = button.handle as FeishuButtonHandle;
      const sample = cardActionSample({ token: FEISHU_VERIFICATION_TOKEN, eventId: `evt_card_${seq}` });
      sample.event.operator.open_id = feishuAccount(who);
      const payload = {
        ...sample,
        event: {
          ...sample.event,
          action: { ...sample.event.action, value, form_value: button.submitsForm ? form : undefined },
        },
      };
      const response = await post(payload);
      return feishuAnswer(response.status, response.body);
    },

    async sent(who, options = {}) {
      const to = options.group
        ? { chatIds: [group(who)] }
        : { chatIds: [p2p(who)], openIds: [feishuAccount(who)] };
      return feishuSent(await state(), to);
    },

    directoryLookups: async () => (await state()).batchGetIdCalls.flat(),

    async apiCalls() {
      // Start-up calls (where the long connection connects, the bot's own open_id) are not the bot's
      // answers to anyone.
      const requests = (await state()).requests.filter(
        (r) => r.path !== WS_ENDPOINT_PATH && r.path !== BOT_INFO_PATH,
      );
      return { total: requests.length, token: requests.filter((r) => r.path === TOKEN_PATH).length };
    },

    sweep: (at) => app.sweep(at),
    close: () => app.close(),
  };
}
