// The DingTalk half of a harness, the same for every runtime: robot messages signed as DingTalk
// documents it (headers timestamp + sign = base64 HmacSHA256(appSecret, timestamp + "\n" + appSecret)),
// card callbacks on the registered URL with its secret token, and what was shown read from the fake
// (GET /__test/sent). A runtime harness supplies the app, the store, the sweep and the fake.
import { GATEWAY_PATH } from '../../../src/channels/dingtalk/stream-protocol.ts';
import {
  cardCallback,
  directMessage,
  requestHeaders,
  robotMessageSample,
} from '../../support/dingtalk-sign.ts';
import { GET_BY_MOBILE_PATH, INSPECT_PATH, TOKEN_PATH } from '../../support/fake-dingtalk.ts';
import type { AppUnderTest, Harness } from '../harness.ts';
import {
  type DingtalkButtonHandle,
  type DingtalkSentState,
  dingtalkAnswer,
  dingtalkSent,
  showTemplateCard,
} from '../views/dingtalk.ts';

/** DINGTALK_CARD_CALLBACK_TOKEN of the app under test. */
export const DINGTALK_CARD_CALLBACK_TOKEN = 'cases-card-callback-token';

export const dingtalkAccount = (who: string) => `staff_${who}`;

/** How a robot message and a card press reach the app, and what it answered (HTTP status or the
 *  stream's answer code, and the card's answer). */
export interface DingtalkDelivery {
  message(body: unknown): Promise<{ status: number }>;
  card(body: unknown): Promise<{ status: number; body: unknown }>;
}

/** Over HTTP: messages signed as DingTalk signs them, card presses on the registered URL. */
export function dingtalkHttpDelivery(
  app: AppUnderTest,
  fake: { appSecret: string },
  now: Date,
): DingtalkDelivery {
  const post = async (path: string, body: unknown, headers: Record<string, string>) => {
    const response = await app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return {
    // Each request signed at its own moment: a signature is accepted once (DingTalk signs no body).
    message: (body) => post('/webhooks/dingtalk', body, requestHeaders(now.getTime(), fake.appSecret)),
    card: (body) =>
      post(`/webhooks/dingtalk/card?token=${DINGTALK_CARD_CALLBACK_TOKEN}`, body, {
        'content-type': 'application/json',
      }),
  };
}

export function dingtalkDriver(options: {
  app: AppUnderTest;
  fake: { url: string; appSecret: string };
  now: Date;
  deliver?: DingtalkDelivery;
}): Harness {
  const { app, fake, now } = options;
  const group = (who: string) => `cid_group_${who}`;
  const deliver = options.deliver ?? dingtalkHttpDelivery(app, fake, now);
  const state = async () => (await (await fetch(`${fake.url}${INSPECT_PATH}`)).json()) as DingtalkSentState;

  let seq = 0;
  return {
    platform: 'dingtalk',
    store: app.store,
    accountOf: dingtalkAccount,

    async send(who, text, options = {}) {
      seq += 1;
      const msgId = `msg_case_${seq}`;
      const message = options.group
        ? {
            ...robotMessageSample(),
            msgId,
            senderStaffId: dingtalkAccount(who),
            conversationId: group(who),
            // DingTalk delivers group messages that @ the robot; an explicit false is still honoured.
            isInAtList: options.mention !== false,
            // DingTalk leaves a space where the @robot was.
            text: { content: ` ${text}` },
          }
        : directMessage(dingtalkAccount(who), text, msgId);
      let status = 0;
      for (let i = 0; i < (options.times ?? 1); i += 1) status = (await deliver.message(message)).status;
      return { status };
    },

    async press(who, button, form = {}) {
      const handle = button.handle as DingtalkButtonHandle;
      // A form's single submit passes its action as `action`; one of several travels as the form's
      // required `__action` choice (render-card.ts).
      const params = button.submitsForm
        ? handle.viaSelect
          ? { action: '', form: { ...form, __action: handle.action } }
          : { action: handle.action, form }
        : { action: handle.action };
      const before = (await state()).cardUpdates.length;
      const answer = await deliver.card(
        cardCallback({ outTrackId: handle.outTrackId, userId: dingtalkAccount(who), params }),
      );
      const shown = dingtalkAnswer(answer.status, answer.body, handle.outTrackId);
      const update = (await state()).cardUpdates
        .slice(before)
        .filter((u) => u.outTrackId === handle.outTrackId)
        .pop();
      return update ? { ...shown, updated: showTemplateCard(update.params, handle.outTrackId) } : shown;
    },

    async sent(who, options = {}) {
      const to = options.group ? { conversationId: group(who) } : { userId: dingtalkAccount(who) };
      return dingtalkSent(await state(), to);
    },

    // Lookups by mobile, and lookups of a sender (user/get): each counted, named by the mobile it found.
    async directoryLookups() {
      const { requests, userLookups } = await state();
      return [
        ...requests
          .filter((r) => r.path === GET_BY_MOBILE_PATH)
          .map((r) => String((r.body as { mobile?: unknown } | undefined)?.mobile)),
        ...userLookups.map((l) => l.mobile ?? `(none for ${l.userid})`),
      ];
    },

    async apiCalls() {
      // The Stream gateway's open call is where to connect, not an Open API call of the bot's.
      const requests = (await state()).requests.filter((r) => r.path !== GATEWAY_PATH);
      return { total: requests.length, token: requests.filter((r) => r.path === TOKEN_PATH).length };
    },

    sweep: (at) => app.sweep(at),
    close: () => app.close(),
  };
}
