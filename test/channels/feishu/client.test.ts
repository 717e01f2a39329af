import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFeishuClient,
  type FeishuClientOptions,
  toFeishuUuid,
} from '../../../src/channels/feishu/client.ts';
import { FeishuApiError } from '../../../src/channels/feishu/errors.ts';
import type { Card } from '../../../src/conversation/model.ts';
import {
  BATCH_GET_ID_PATH,
  type FakeFeishu,
  feishuCode,
  MESSAGES_PATH,
  rateLimited,
  serverError,
  startFakeFeishu,
} from '../../support/fake-feishu.ts';

const card: Card = {
  title: '提醒',
  tone: 'warning',
  blocks: [{ kind: 'text', text: '请于 3 月 5 日前报送。' }],
};
const user = { kind: 'user', platform: 'feishu', userId: 'ou_user_1' } as const;
const chat = { kind: 'chat', platform: 'feishu', chatId: 'oc_chat_1' } as const;

let fake: FakeFeishu;
let t: number;
let slept: number[];

function client(overrides: Partial<FeishuClientOptions> = {}) {
  return createFeishuClient({
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.url,
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
  fake = await startFakeFeishu({ mobiles: { '13800000001': 'ou_a', '13800000077': 'ou_b' } });
});

afterEach(async () => {
  await fake.close();
});

describe('send', () => {
  it('sends text to a user by open_id with the idempotency key as uuid', async () => {
    await client().send(user, { kind: 'text', text: '你好' }, 'remind:2026-02:u1');
    expect(fake.messages).toEqual([
      expect.objectContaining({
        receiveIdType: 'open_id',
        receiveId: 'ou_user_1',
        msgType: 'text',
        content: { text: '你好' },
        uuid: 'remind:2026-02:u1',
      }),
    ]);
  });

  it('sends a card to a chat by chat_id as a JSON 2.0 interactive message', async () => {
    await client().send(chat, { kind: 'card', card }, 'k1');
    const [message] = fake.messages;
    expect(message).toMatchObject({
      receiveIdType: 'chat_id',
      receiveId: 'oc_chat_1',
      msgType: 'interactive',
    });
    expect(message?.content).toMatchObject({ schema: '2.0', header: { template: 'orange' } });
  });

  it('hashes idempotency keys longer than 50 characters, stably', async () => {
    const long = `reply:${'x'.repeat(80)}:0`;
    expect(toFeishuUuid(long).length).toBeLessThanOrEqual(50);
    expect(toFeishuUuid(long)).toBe(toFeishuUuid(long));
    expect(toFeishuUuid(long)).not.toBe(toFeishuUuid(`${long}1`));
    await client().send(user, { kind: 'text', text: 'x' }, long);
    expect(fake.messages[0]?.uuid).toBe(toFeishuUuid(long));
  });

  it('does not duplicate a message when the same send is retried', async () => {
    const feishu = client();
    await feishu.send(user, { kind: 'text', text: '一次' }, 'same-key');
    await feishu.send(user, { kind: 'text', text: '一次' }, 'same-key');
    expect(fake.requestsTo(MESSAGES_PATH)).toHaveLength(2);
    expect(fake.messages).toHaveLength(1);
  });

  it('fetches the tenant token once and reuses it', async () => {
    const feishu = client();
    await feishu.send(user, { kind: 'text', text: 'a' }, 'a');
    await feishu.send(user, { kind: 'text', text: 'b' }, 'b');
    expect(fake.requestsTo('/open-apis/auth/v3/tenant_access_token/internal')).toHaveLength(1);
  });

  it('drops a token Feishu no longer accepts and sends with a new one', async () => {
    const feishu = client();
    await feishu.send(user, { kind: 'text', text: 'a' }, 'a');
    fake.revokeTokens();
    await feishu.send(user, { kind: 'text', text: 'b' }, 'b');
    expect(fake.messages).toHaveLength(2);
    expect(fake.requestsTo('/open-apis/auth/v3/tenant_access_token/internal')).toHaveLength(2);
    const [first, refused, second] = fake.requestsTo(MESSAGES_PATH).map((r) => r.authorization);
    expect(refused).toBe(first);
    expect(second).not.toBe(first);
  });

  it('waits the x-ogw-ratelimit-reset seconds after a 429, then succeeds', async () => {
    fake.failNext(MESSAGES_PATH, rateLimited(2));
    await client().send(chat, { kind: 'text', text: 'x' }, 'k');
    expect(slept).toEqual([2000]);
    expect(fake.messages).toHaveLength(1);
  });

  it('keeps waiting while the 429s continue', async () => {
    fake.failNext(MESSAGES_PATH, rateLimited(1), rateLimited(3));
    await client().send(chat, { kind: 'text', text: 'x' }, 'k');
    expect(slept).toEqual([1000, 3000]);
    expect(fake.messages).toHaveLength(1);
  });

  it('retries code 230020 (HTTP 400) and 99991400 with backoff', async () => {
    fake.failNext(
      MESSAGES_PATH,
      feishuCode(230020, 'This operation triggers the frequency limit'),
      feishuCode(99991400, 'limit', 200),
    );
    await client().send(chat, { kind: 'text', text: 'x' }, 'k');
    expect(slept).toEqual([500, 1000]);
    expect(fake.messages).toHaveLength(1);
  });

  it('retries a 5xx with exponential backoff', async () => {
    fake.failNext(MESSAGES_PATH, serverError(), serverError());
    await client().send(chat, { kind: 'text', text: 'x' }, 'k');
    expect(slept).toEqual([500, 1000]);
    expect(fake.messages).toHaveLength(1);
  });

  it('gives up after the attempts are spent with a typed error', async () => {
    fake.failNext(MESSAGES_PATH, ...Array.from({ length: 6 }, serverError));
    const error = await client({ maxAttempts: 4 })
      .send(chat, { kind: 'text', text: 'x' }, 'k')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeishuApiError);
    expect(error).toMatchObject({ kind: 'server_error', details: { status: 500, attempts: 4 } });
    expect(slept).toEqual([500, 1000, 2000]);
    expect(fake.messages).toHaveLength(0);
  });

  it('never retries another 4xx code', async () => {
    fake.failNext(MESSAGES_PATH, feishuCode(230002, 'Bot is not in the chat'));
    const error = await client()
      .send(chat, { kind: 'text', text: 'x' }, 'k')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'api_error', details: { status: 400, code: 230002, attempts: 1 } });
    expect(fake.requestsTo(MESSAGES_PATH)).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it('retries network failures, then throws network_error', async () => {
    const url = fake.url;
    await fake.close();
    const error = await client({ domain: url, maxAttempts: 3 })
      .send(chat, { kind: 'text', text: 'x' }, 'k')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network_error', details: { attempts: 3 } });
    expect(slept).toEqual([500, 1000]);
    fake = await startFakeFeishu(); // for afterEach
  });

  it('paces a burst of 20 to one chat at 5 per second', async () => {
    const start = t;
    const feishu = client();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => feishu.send(chat, { kind: 'text', text: `#${i}` }, `burst:${i}`)),
    );
    expect(fake.messages).toHaveLength(20);
    // Four windows of five, each five 20 ms apart (the app's even spacing at 50 a second).
    expect(t - start).toBe(3080);
    expect(slept.reduce((sum, ms) => sum + ms, 0)).toBe(3080);
  });
});

describe('userIdsByMobile', () => {
  it('asks batch_get_id in chunks of 50 and returns the mobiles that resolved', async () => {
    const mobiles = Array.from({ length: 120 }, (_, i) => `138000000${String(i).padStart(2, '0')}`);
    const found = await client().userIdsByMobile([...mobiles, '13800000001']);
    expect(found).toEqual({ '13800000001': 'ou_a', '13800000077': 'ou_b' });
    expect(fake.batchGetIdCalls.map((call) => call.length)).toEqual([50, 50, 20]);
    expect(fake.requestsTo(BATCH_GET_ID_PATH).every((req) => req.query.user_id_type === 'open_id')).toBe(
      true,
    );
  });

  it('returns nothing for no mobiles without calling Feishu', async () => {
    expect(await client().userIdsByMobile([])).toEqual({});
    expect(fake.batchGetIdCalls).toHaveLength(0);
  });
});

describe('updateCard', () => {
  it('posts the token and the rendered 2.0 card to the delayed-update endpoint', async () => {
    await client().updateCard('c-token', card);
    expect(fake.cardUpdates).toEqual([
      { token: 'c-token', card: expect.objectContaining({ schema: '2.0', header: expect.any(Object) }) },
    ]);
  });
});
