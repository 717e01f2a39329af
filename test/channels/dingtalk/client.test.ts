import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDingtalkClient, type DingtalkClientOptions } from '../../../src/channels/dingtalk/client.ts';
import { DingtalkApiError } from '../../../src/channels/dingtalk/errors.ts';
import type { Card } from '../../../src/conversation/model.ts';
import {
  BATCH_SEND_PATH,
  CARD_UPDATE_PATH,
  CREATE_AND_DELIVER_PATH,
  dingtalkCode,
  type FakeDingtalk,
  GET_BY_MOBILE_PATH,
  GROUP_SEND_PATH,
  oldApiCode,
  REGISTER_CALLBACK_PATH,
  rateLimited,
  serverError,
  startFakeDingtalk,
  TOKEN_PATH,
} from '../../support/fake-dingtalk.ts';

const text = { kind: 'text', text: '请于 3 月 31 日前报送附件2。' } as const;
const status: Card = { title: '报送情况', tone: 'info', blocks: [{ kind: 'text', text: '已全部报送' }] };
const withButton: Card = {
  title: '提醒',
  tone: 'warning',
  blocks: [
    { kind: 'buttons', buttons: [{ label: '填报附件2', style: 'primary', action: { op: 'open', l: 'a2' } }] },
  ],
};
const user = (userId: string) => ({ kind: 'user', platform: 'dingtalk', userId }) as const;

let fake: FakeDingtalk;
let t: number;
let slept: number[];

function client(overrides: Partial<DingtalkClientOptions> = {}) {
  return createDingtalkClient({
    appKey: fake.appKey,
    appSecret: fake.appSecret,
    robotCode: 'dingrobotcode',
    cardTemplateId: 'tpl-generic.schema',
    cardCallbackRouteKey: 'bangfu_card',
    baseUrl: fake.url,
    oapiBaseUrl: fake.url,
    now: () => new Date(t),
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    ...overrides,
  });
}

beforeEach(async () => {
  t = Date.parse('2026-03-02T01:00:00Z');
  slept = [];
  fake = await startFakeDingtalk({ mobiles: { '13800000001': 'staff_a' }, expireIn: 7200 });
});
afterEach(async () => {
  await fake.close();
});

describe('access token', () => {
  it('is fetched once, reused, and fetched again shortly before it expires', async () => {
    const dingtalk = client();
    await dingtalk.send(user('u1'), text, 'k1');
    await dingtalk.send(user('u2'), text, 'k2');
    expect(fake.tokensIssued()).toBe(1);
    expect(fake.requestsTo(BATCH_SEND_PATH).map((r) => r.token)).toEqual(['tok-1', 'tok-1']);
    t += 7200_000 - 4 * 60_000; // inside the last five minutes
    await dingtalk.send(user('u3'), text, 'k3');
    expect(fake.tokensIssued()).toBe(2);
  });

  it('is refreshed once when DingTalk answers 401', async () => {
    const dingtalk = client();
    await dingtalk.send(user('u1'), text, 'k1');
    fake.revokeTokens();
    await dingtalk.send(user('u2'), text, 'k2');
    expect(fake.tokensIssued()).toBe(2);
    expect(fake.messages.map((m) => m.to)).toEqual([{ userId: 'u1' }, { userId: 'u2' }]);
  });
});

describe('robot messages', () => {
  it('sends text as sampleText to one user and a card without buttons as sampleMarkdown to a group', async () => {
    const dingtalk = client();
    await dingtalk.send(user('u1'), text, 'k1');
    await dingtalk.send(
      { kind: 'chat', platform: 'dingtalk', chatId: 'cidGroup==' },
      { kind: 'card', card: status },
      'k2',
    );
    expect(fake.requestsTo(BATCH_SEND_PATH)[0]?.body).toMatchObject({
      robotCode: 'dingrobotcode',
      userIds: ['u1'],
    });
    expect(fake.messages).toEqual([
      { to: { userId: 'u1' }, msgKey: 'sampleText', msgParam: { content: text.text } },
      {
        to: { conversationId: 'cidGroup==' },
        msgKey: 'sampleMarkdown',
        msgParam: { title: '报送情况', text: '#### 报送情况\n\n已全部报送' },
      },
    ]);
    expect(fake.requestsTo(GROUP_SEND_PATH)[0]?.body).toMatchObject({ openConversationId: 'cidGroup==' });
  });

  it('batches 45 users into 3 calls of at most 20', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => `staff_${i}`);
    const dingtalk = client();
    const result = await dingtalk.sendToUsers(ids, text, 'remind:2023-03-24');
    expect(fake.batchSendCalls.map((c) => c.length)).toEqual([20, 20, 5]);
    expect(fake.batchSendCalls.flat()).toEqual(ids);
    expect(result.invalid).toEqual([]);
    expect(result.throttled).toEqual([]);
    // Each person keeps the processQueryKey of the call that reached them (what readStatus takes).
    expect(new Set(Object.values(result.queryKeys))).toEqual(new Set(['pqk-1', 'pqk-2', 'pqk-3']));
    expect(result.queryKeys.staff_0).toBe('pqk-1');
    expect(result.queryKeys.staff_44).toBe('pqk-3');
    expect(dingtalk.callCount(BATCH_SEND_PATH)).toBe(3);
    // The same key again sends nothing: a retried run does not repeat the message.
    await dingtalk.sendToUsers(ids, text, 'remind:2023-03-24');
    expect(fake.batchSendCalls).toHaveLength(3);
  });

  it('sends again, after a second, to the users DingTalk reports as flow-controlled', async () => {
    fake.failNext(BATCH_SEND_PATH, {
      status: 200,
      body: { processQueryKey: 'q', invalidStaffIdList: [], flowControlledStaffIdList: ['u2'] },
    });
    const result = await client().sendToUsers(['u1', 'u2'], text, 'k');
    // u1 went in the first call, u2 in the second (the fake's first batch answers pqk-1).
    expect(result).toEqual({ invalid: [], throttled: [], queryKeys: { u1: 'q', u2: 'pqk-1' } });
    expect(fake.requestsTo(BATCH_SEND_PATH).map((r) => (r.body as { userIds: string[] }).userIds)).toEqual([
      ['u1', 'u2'],
      ['u2'],
    ]);
    expect(slept).toEqual([1000]);
  });

  it('reports unknown staff ids (and fails a send to one of them)', async () => {
    await fake.close();
    fake = await startFakeDingtalk({ invalidUsers: ['ghost'] });
    const dingtalk = client();
    expect(await dingtalk.sendToUsers(['ghost', 'u1'], text, 'k')).toEqual({
      invalid: ['ghost'],
      throttled: [],
      queryKeys: { u1: 'pqk-1' },
    });
    await expect(dingtalk.send(user('ghost'), text, 'k2')).rejects.toMatchObject({ kind: 'api_error' });
  });
});

describe('retries', () => {
  it('waits about a second on HTTP 429 and on the QPS-limit codes, then delivers once', async () => {
    fake.failNext(
      BATCH_SEND_PATH,
      rateLimited(),
      dingtalkCode('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi'),
      dingtalkCode('Forbidden.AccessDenied.QpsLimitForApi'),
      { status: 200, body: { errcode: 90018, errmsg: 'qps' } },
    );
    const dingtalk = client();
    await dingtalk.send(user('u1'), text, 'k1');
    expect(slept).toEqual([1000, 1000, 1000, 1000]);
    expect(fake.messages).toHaveLength(1);
    expect(dingtalk.callCount()).toBe(5);
  });

  it('backs off exponentially on 5xx and 504', async () => {
    fake.failNext(GROUP_SEND_PATH, serverError(500), serverError(504), serverError(503));
    await client().send({ kind: 'chat', platform: 'dingtalk', chatId: 'cid' }, text, 'k1');
    expect(slept).toEqual([500, 1000, 2000]);
    expect(fake.messages).toHaveLength(1);
  });

  it('gives up after the last attempt with a typed error', async () => {
    fake.failNext(BATCH_SEND_PATH, serverError(), serverError(), serverError());
    const error = await client({ maxAttempts: 3 })
      .send(user('u1'), text, 'k1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DingtalkApiError);
    expect(error).toMatchObject({ kind: 'server_error', details: { attempts: 3, status: 500 } });
  });

  it('never retries the monthly quota (90020 / ApiCountLimitForOrg) or another 4xx', async () => {
    fake.failNext(BATCH_SEND_PATH, dingtalkCode('Forbidden.AccessDenied.ApiCountLimitForOrg'));
    const dingtalk = client();
    await expect(dingtalk.send(user('u1'), text, 'k1')).rejects.toMatchObject({
      kind: 'quota_exceeded',
      details: { code: 'Forbidden.AccessDenied.ApiCountLimitForOrg', attempts: 1 },
    });
    fake.failNext(GET_BY_MOBILE_PATH, oldApiCode(90020));
    await expect(dingtalk.userIdsByMobile(['13800000001'])).rejects.toMatchObject({ kind: 'quota_exceeded' });
    fake.failNext(GROUP_SEND_PATH, dingtalkCode('invalidParameter.robotCode.notExsit', 400));
    await expect(
      dingtalk.send({ kind: 'chat', platform: 'dingtalk', chatId: 'cid' }, text, 'k2'),
    ).rejects.toMatchObject({ kind: 'api_error', details: { status: 400 } });
    expect(slept).toEqual([]);
    expect(dingtalk.callCount()).toBe(3);
  });
});

describe('cards from the template', () => {
  it('delivers a card with buttons into the robot chat (HTTP callback) and updates it by outTrackId', async () => {
    const dingtalk = client();
    await dingtalk.send(user('staff_zs'), { kind: 'card', card: withButton }, 'rem:c1:2023-03-24');
    const [card] = fake.cards;
    expect(card).toMatchObject({
      openSpaceId: 'dtv1.card//IM_ROBOT.staff_zs',
      cardTemplateId: 'tpl-generic.schema',
      callbackType: 'HTTP',
    });
    expect(fake.requestsTo(CREATE_AND_DELIVER_PATH)[0]?.body).toMatchObject({
      callbackRouteKey: 'bangfu_card',
      imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: 'dingrobotcode' },
      userIdType: 1,
    });
    // Deterministic per key and recipient: a retried send reuses the outTrackId.
    await client().send(user('staff_zs'), { kind: 'card', card: withButton }, 'rem:c1:2023-03-24');
    await client().send(user('staff_fx'), { kind: 'card', card: withButton }, 'rem:c1:2023-03-24');
    expect(fake.cards[1]?.outTrackId).toBe(card?.outTrackId);
    expect(fake.cards[2]?.outTrackId).not.toBe(card?.outTrackId);

    await dingtalk.updateCard(card?.outTrackId ?? '', status);
    expect(fake.cardUpdates).toEqual([
      { outTrackId: card?.outTrackId, params: expect.objectContaining({ title: '报送情况' }) },
    ]);
    expect(fake.requestsTo(CARD_UPDATE_PATH)[0]?.method).toBe('PUT');
  });

  it('delivers into a group by its conversation id', async () => {
    await client().send(
      { kind: 'chat', platform: 'dingtalk', chatId: 'cidG==' },
      { kind: 'card', card: withButton },
      'k',
    );
    expect(fake.cards[0]?.openSpaceId).toBe('dtv1.card//IM_GROUP.cidG==');
    expect(fake.requestsTo(CREATE_AND_DELIVER_PATH)[0]?.body).toMatchObject({
      imGroupOpenDeliverModel: { robotCode: 'dingrobotcode' },
    });
  });

  it('falls back to markdown when no template is configured', async () => {
    await client({ cardTemplateId: undefined }).send(user('u1'), { kind: 'card', card: withButton }, 'k');
    expect(fake.cards).toEqual([]);
    expect(fake.messages[0]?.msgKey).toBe('sampleMarkdown');
  });

  it('paces createAndDeliver to 20 calls a second', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => `staff_${i}`);
    const start = t;
    await client().sendToUsers(ids, { kind: 'card', card: withButton }, 'rem');
    expect(fake.cards).toHaveLength(45);
    expect(t - start).toBeGreaterThanOrEqual(2000);
  });
});

describe('card callback registration', () => {
  it('registers the callback URL under the route key', async () => {
    const registration = {
      callbackUrl: 'https://bangfu.example.gov.cn/webhooks/dingtalk/card?token=t',
      callbackRouteKey: 'bangfu_card',
      apiSecret: 'api-secret',
    };
    await client().registerCardCallback(registration);
    expect(fake.requestsTo(REGISTER_CALLBACK_PATH)[0]?.body).toEqual(registration);
  });
});

describe('directory', () => {
  it('finds staff ids by mobile through getbymobile, skips unknown ones, and remembers answers', async () => {
    const dingtalk = client();
    expect(await dingtalk.userIdsByMobile(['13800000001', '13900000000', '13800000001'])).toEqual({
      '13800000001': 'staff_a',
    });
    const lookups = fake.requestsTo(GET_BY_MOBILE_PATH);
    expect(lookups.map((r) => r.body)).toEqual([{ mobile: '13800000001' }, { mobile: '13900000000' }]);
    expect(lookups[0]?.query.access_token).toBe('tok-1');
    await dingtalk.userIdsByMobile(['13800000001', '13900000000']);
    expect(fake.requestsTo(GET_BY_MOBILE_PATH)).toHaveLength(2);
  });
});

describe('callCount', () => {
  it('counts every Open API call and no token request', async () => {
    const dingtalk = client();
    await dingtalk.send(user('u1'), text, 'k1');
    await dingtalk.send(user('u1'), { kind: 'card', card: withButton }, 'k2');
    await dingtalk.userIdsByMobile(['13800000001']);
    expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
    expect(dingtalk.callCount()).toBe(3);
    expect(dingtalk.callCount(CREATE_AND_DELIVER_PATH)).toBe(1);
  });
});
