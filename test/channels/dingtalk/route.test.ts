import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDingtalkClient } from '../../../src/channels/dingtalk/client.ts';
import { type DingtalkWebhookDeps, dingtalkWebhook } from '../../../src/channels/dingtalk/route.ts';
import { silentLogger } from '../../../src/channels/logger.ts';
import { answerMessage } from '../../../src/conversation/deliver.ts';
import type { BotResponse, InboundEvent } from '../../../src/conversation/model.ts';
import { claimStore, keptMessages } from '../../support/claims.ts';
import {
  cardCallback,
  directMessage,
  robotMessageSample,
  signedHeaders,
} from '../../support/dingtalk-sign.ts';
import { type FakeDingtalk, startFakeDingtalk } from '../../support/fake-dingtalk.ts';

const now = new Date('2026-03-02T01:00:00Z');
const CARD_TOKEN = 'card-callback-url-token';
const action = { op: 'save', l: 'a2', p: '2023Q1', c: 'county:竹山县', r: '' };
const updateCard = { title: '已保存', tone: 'success', blocks: [{ kind: 'text', text: '谢谢' }] } as const;

let fake: FakeDingtalk;
beforeEach(async () => {
  fake = await startFakeDingtalk();
});
afterEach(async () => {
  await fake.close();
});

function setup(overrides: Partial<DingtalkWebhookDeps> = {}) {
  const dispatched: InboundEvent[] = [];
  const claimed = new Set<string>();
  const deferred: Promise<unknown>[] = [];
  const client = createDingtalkClient({
    appKey: fake.appKey,
    appSecret: fake.appSecret,
    robotCode: 'dingrobot',
    cardTemplateId: 'tpl',
    baseUrl: fake.url,
    oapiBaseUrl: fake.url,
    sleep: async () => {},
  });
  const response: BotResponse = {
    toast: { tone: 'success', text: '已保存（第1版）' },
    update: { ...updateCard, blocks: [...updateCard.blocks] },
    replies: [{ kind: 'text', text: '第一条' }],
    privateReplies: [{ kind: 'text', text: '只给你' }],
  };
  const firstClaim = async (key: string) => {
    if (claimed.has(key)) return false;
    claimed.add(key);
    return true;
  };
  const deps: DingtalkWebhookDeps = {
    appSecret: fake.appSecret,
    cardCallbackToken: CARD_TOKEN,
    now: () => now,
    dispatch: async (event) => {
      dispatched.push(event);
      return response;
    },
    messenger: client,
    updateCard: (id, card) => client.updateCard(id, card),
    defer: (work) => void deferred.push(work),
    logger: silentLogger,
    errorToast: 'error-toast-from-prompts',
    ...overrides,
    // Received messages are answered by the bot's own answer over these deps, as the inbox does.
    ...keptMessages(
      overrides.claim ?? firstClaim,
      (message) => answerMessage(message, deps),
      (work) => void deferred.push(work),
    ),
  };
  const app = dingtalkWebhook(deps);
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', body, headers });
  const message = (payload: unknown, timestamp = now.getTime(), secret = fake.appSecret) =>
    post('/webhooks/dingtalk', JSON.stringify(payload), signedHeaders(timestamp, secret));
  // Answering a message is deferred once its deferred claim is in: settle until nothing is left.
  const settle = async () => {
    while (deferred.length > 0) await Promise.all(deferred.splice(0));
  };
  return { dispatched, claimed, post, message, settle };
}

describe('POST /webhooks/dingtalk', () => {
  it('answers 200 {} at once, then dispatches and replies in the group and privately to the sender', async () => {
    const { message, settle, dispatched } = setup();
    const res = await message(robotMessageSample());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    await settle();
    expect(dispatched).toHaveLength(1);
    expect(fake.messages.map((m) => [m.to, m.msgParam])).toEqual([
      [{ conversationId: 'xxx' }, { content: '第一条' }],
      [{ userId: 'user123' }, { content: '只给你' }],
    ]);
  });

  it('answers a one-to-one message to the sender', async () => {
    const { message, settle } = setup();
    await message(directMessage('staff_1', '帮助', 'm-direct'));
    await settle();
    expect(fake.messages[0]?.to).toEqual({ userId: 'staff_1' });
  });

  it('rejects forged, stale, unsigned and malformed requests with 4xx and never dispatches', async () => {
    const { message, post, dispatched, claimed } = setup();
    const hour = 3_600_000;
    expect((await message(robotMessageSample(), now.getTime(), 'forged-secret')).status).toBe(401);
    expect((await message(robotMessageSample(), now.getTime() - hour - 1)).status).toBe(401);
    expect((await post('/webhooks/dingtalk', JSON.stringify(robotMessageSample()))).status).toBe(401);
    const signed = signedHeaders(now.getTime(), fake.appSecret);
    const notJson = await post('/webhooks/dingtalk', '{"msgId": ', signed);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'invalid_json' });
    expect((await message({ ...robotMessageSample(), conversationType: 'x' })).status).toBe(400);
    expect((await message([1, 2])).status).toBe(400);
    expect(dispatched).toEqual([]);
    expect(claimed.size).toBe(0);
  });

  it('dispatches a message DingTalk delivers twice only once', async () => {
    const { message, settle, dispatched } = setup();
    expect((await message(robotMessageSample())).status).toBe(200);
    expect((await message(robotMessageSample())).status).toBe(200);
    await settle();
    expect(dispatched).toHaveLength(1);
    expect(fake.messages).toHaveLength(2);
  });

  it('when the de-duplication store fails, drops that message and answers 503 until it is back', async () => {
    const store = claimStore();
    store.setUp(false);
    const { message, dispatched, settle } = setup({ claim: store.claim });
    const sample = (msgId: string) => ({ ...robotMessageSample(), msgId });
    expect((await message(sample('m1'))).status).toBe(200);
    await settle();
    expect((await message(sample('m2'))).status).toBe(503);
    store.setUp(true);
    expect((await message(sample('m2'))).status).toBe(200);
    await settle();
    expect(dispatched.map((e) => e.id)).toEqual(['m2']);
  });

  it('acknowledges non-text messages without dispatching', async () => {
    const { message, dispatched } = setup();
    expect((await message({ ...robotMessageSample(), msgtype: 'picture' })).status).toBe(200);
    expect(dispatched).toEqual([]);
  });
});

describe('POST /webhooks/dingtalk/card', () => {
  const callback = (extra: Record<string, unknown> = {}) =>
    JSON.stringify(
      cardCallback({
        outTrackId: 'bf_track_1',
        userId: 'staff_zs',
        params: { action: JSON.stringify(action), form: { fundsActual: '35.5' }, ...extra },
      }),
    );

  it('dispatches at once and answers with the card update and toast: one paid call, no PUT', async () => {
    const { post, settle, dispatched } = setup();
    const res = await post(`/webhooks/dingtalk/card?token=${CARD_TOKEN}`, callback());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cardData: { cardParamMap: Record<string, string> } };
    expect(body.cardData.cardParamMap).toMatchObject({ title: '已保存', toast: '已保存（第1版）' });
    expect(dispatched[0]).toMatchObject({ kind: 'card_action', action, form: { fundsActual: '35.5' } });
    await settle();
    // The answer updated the card; putting it again would be a second paid call.
    expect(fake.cardUpdates).toEqual([]);
    // Replies to a card go to the operator's one-to-one chat.
    expect(fake.messages.map((m) => m.to)).toEqual([{ userId: 'staff_zs' }, { userId: 'staff_zs' }]);
  });

  it('slow work: answered "working on it" in time, then the card is put through the Open API', async () => {
    let finish: () => void = () => {};
    const late: BotResponse = {
      toast: { tone: 'success', text: '已保存（第1版）' },
      update: { ...updateCard, blocks: [...updateCard.blocks] },
      replies: [],
    };
    const { post, settle } = setup({
      cardDeadlineMs: 50,
      workingToast: 'working-toast-from-prompts',
      dispatch: () => new Promise((resolve) => (finish = () => resolve(late))),
    });
    const res = await post(`/webhooks/dingtalk/card?token=${CARD_TOKEN}`, callback());
    const body = (await res.json()) as { cardData: { cardParamMap: Record<string, string> } };
    expect(body.cardData.cardParamMap).toEqual({ toast: 'working-toast-from-prompts', toast_tone: 'info' });
    expect(fake.cardUpdates).toEqual([]);
    finish();
    await settle();
    expect(fake.cardUpdates).toEqual([
      { outTrackId: 'bf_track_1', params: expect.objectContaining({ title: '已保存', markdown: '谢谢' }) },
    ]);
    expect(fake.messages.map((m) => m.msgParam)).toEqual([{ content: '已保存（第1版）' }]);
  });

  it('accepts the token as the last path segment; signed headers only when no token is configured', async () => {
    const { post, dispatched } = setup();
    expect((await post(`/webhooks/dingtalk/card/${CARD_TOKEN}`, callback({ n: 1 }))).status).toBe(200);
    const signed = signedHeaders(now.getTime(), fake.appSecret);
    // The headers sign a timestamp, not the body: they never stand in for a configured token.
    expect((await post('/webhooks/dingtalk/card', callback({ n: 2 }), signed)).status).toBe(401);
    expect((await post('/webhooks/dingtalk/card?token=guess', callback({ n: 3 }), signed)).status).toBe(401);
    expect(dispatched).toHaveLength(1);
    const untokened = setup({ cardCallbackToken: undefined });
    expect((await untokened.post('/webhooks/dingtalk/card', callback({ n: 4 }), signed)).status).toBe(200);
  });

  it('rejects a wrong or missing token and malformed callbacks with 4xx, dispatching nothing', async () => {
    const { post, dispatched } = setup();
    expect((await post('/webhooks/dingtalk/card?token=guess', callback())).status).toBe(401);
    expect((await post('/webhooks/dingtalk/card', callback())).status).toBe(401);
    const forged = signedHeaders(now.getTime(), 'forged');
    expect((await post('/webhooks/dingtalk/card', callback(), forged)).status).toBe(401);
    const ok = `/webhooks/dingtalk/card?token=${CARD_TOKEN}`;
    expect((await post(ok, '{')).status).toBe(400);
    expect((await post(ok, JSON.stringify({ outTrackId: 'x', userId: 'u', content: 'nope' }))).status).toBe(
      400,
    );
    expect(dispatched).toEqual([]);
  });

  it('acts once on the same callback delivered twice', async () => {
    const { post, dispatched } = setup();
    const path = `/webhooks/dingtalk/card?token=${CARD_TOKEN}`;
    await post(path, callback());
    const again = await post(path, callback());
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({});
    expect(dispatched).toHaveLength(1);
  });

  it('answers an error toast, never a 500, when the bot fails', async () => {
    const { post } = setup({
      dispatch: async () => {
        throw new Error('boom');
      },
    });
    const res = await post(`/webhooks/dingtalk/card?token=${CARD_TOKEN}`, callback());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      cardData: { cardParamMap: { toast: 'error-toast-from-prompts', toast_tone: 'danger' } },
    });
  });
});
