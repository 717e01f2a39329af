import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeishuClient } from '../../../src/channels/feishu/client.ts';
import { type FeishuWebhookDeps, feishuWebhook } from '../../../src/channels/feishu/route.ts';
import { silentLogger } from '../../../src/channels/logger.ts';
import { answerMessage } from '../../../src/conversation/deliver.ts';
import type { BotResponse, InboundEvent } from '../../../src/conversation/model.ts';
import { claimStore, keptMessages } from '../../support/claims.ts';
import { type FakeFeishu, startFakeFeishu } from '../../support/fake-feishu.ts';
import {
  buildSignedRequest,
  cardActionSample,
  encryptFeishu,
  messageSample,
  type SignedRequest,
  signRawBody,
} from '../../support/feishu-sign.ts';

const encryptKey = 'encrypt-key-for-tests';
const verificationToken = 'verification-token-for-tests';
const now = new Date('2026-03-02T01:00:00Z');
const nowSeconds = now.getTime() / 1000;
const PATH = '/webhooks/feishu';
const updateCard = { title: '已提交', tone: 'success', blocks: [{ kind: 'text', text: '谢谢' }] } as const;

let fake: FakeFeishu;

beforeEach(async () => {
  fake = await startFakeFeishu();
});
afterEach(async () => {
  await fake.close();
});

function setup(overrides: Partial<FeishuWebhookDeps> = {}) {
  const dispatched: InboundEvent[] = [];
  const claimed = new Set<string>();
  const deferred: Promise<unknown>[] = [];
  const response: BotResponse = {
    toast: { tone: 'success', text: '已收到' },
    update: { ...updateCard, blocks: [...updateCard.blocks] },
    replies: [
      { kind: 'text', text: '第一条' },
      { kind: 'text', text: '第二条' },
    ],
  };
  const firstClaim = async (key: string) => {
    if (claimed.has(key)) return false;
    claimed.add(key);
    return true;
  };
  const deps: FeishuWebhookDeps = {
    encryptKey,
    verificationToken,
    botOpenId: 'ou_84aad35d084aa403a838cf73ee18467',
    dispatch: async (event) => {
      dispatched.push(event);
      return response;
    },
    messenger: createFeishuClient({
      appId: fake.appId,
      appSecret: fake.appSecret,
      domain: fake.url,
      sleep: async () => {},
    }),
    defer: (work) => void deferred.push(work),
    now: () => now,
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
  const app = feishuWebhook(deps);
  const post = (request: SignedRequest | { body: string; headers?: Record<string, string> }) =>
    app.request(PATH, { method: 'POST', body: request.body, headers: request.headers ?? {} });
  // Answering a message is deferred once its deferred claim is in: settle until nothing is left.
  const settle = async () => {
    while (deferred.length > 0) await Promise.all(deferred.splice(0));
  };
  return { app, deps, dispatched, claimed, post, settle };
}

const signed = (payload: unknown, timestamp = nowSeconds) =>
  buildSignedRequest(payload, { encryptKey, timestamp });

describe('url_verification', () => {
  it('answers the plain challenge without a signature', async () => {
    const { post } = setup();
    const res = await post({
      body: JSON.stringify({
        challenge: 'ajls384kdjxxxx',
        token: verificationToken,
        type: 'url_verification',
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'ajls384kdjxxxx' });
  });

  it('answers the encrypted challenge', async () => {
    const { post } = setup();
    const inner = JSON.stringify({ challenge: 'c-123', token: verificationToken, type: 'url_verification' });
    const res = await post({ body: JSON.stringify({ encrypt: encryptFeishu(inner, encryptKey) }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });

  it('refuses a challenge with the wrong token', async () => {
    const { post } = setup();
    const res = await post({
      body: JSON.stringify({ challenge: 'c', token: 'nope', type: 'url_verification' }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'bad_token' });
  });
});

describe('im.message.receive_v1', () => {
  it('acknowledges at once, dispatches the neutral event and sends the replies to the chat', async () => {
    const { post, dispatched, settle } = setup();
    const res = await post(signed(messageSample({ token: verificationToken })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    await settle();
    expect(dispatched).toEqual([
      {
        kind: 'message',
        id: 'om_5ce6d572455d361153b7cb51da133945',
        sender: { platform: 'feishu', userId: 'ou_84aad35d084aa403a838cf73ee18467' },
        conversation: { id: 'oc_5ce6d572455d361153b7xx51da133945', kind: 'group', mentioned: true },
        text: 'hello',
      },
    ]);
    expect(
      fake.messages.map(({ receiveIdType, receiveId, content, uuid }) => ({
        receiveIdType,
        receiveId,
        content,
        uuid,
      })),
    ).toEqual([
      {
        receiveIdType: 'chat_id',
        receiveId: 'oc_5ce6d572455d361153b7xx51da133945',
        content: { text: '第一条' },
        uuid: 'reply:om_5ce6d572455d361153b7cb51da133945:0',
      },
      {
        receiveIdType: 'chat_id',
        receiveId: 'oc_5ce6d572455d361153b7xx51da133945',
        content: { text: '第二条' },
        uuid: 'reply:om_5ce6d572455d361153b7cb51da133945:1',
      },
    ]);
  });

  it('dispatches a message delivered twice only once (by message_id, even under a new event_id)', async () => {
    const { post, dispatched, settle } = setup();
    const first = await post(signed(messageSample({ token: verificationToken })));
    const again = await post(
      signed(messageSample({ token: verificationToken, eventId: 'another-event-id' })),
    );
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.json()).toEqual({});
    await settle();
    expect(dispatched).toHaveLength(1);
    expect(fake.messages).toHaveLength(2);
  });

  it('answers 200 {} when the bot fails, and sends nothing', async () => {
    const { post, settle } = setup({ dispatch: () => Promise.reject(new Error('boom')) });
    const res = await post(signed(messageSample({ token: verificationToken })));
    expect(res.status).toBe(200);
    await settle();
    expect(fake.messages).toHaveLength(0);
  });

  it('answers a message before its claim is written, and handles it once the claim is in', async () => {
    let release: (first: boolean) => void = () => {};
    const { post, dispatched, settle } = setup({
      claim: () => new Promise<boolean>((resolve) => (release = resolve)),
    });
    const res = await post(signed(messageSample({ token: verificationToken })));
    expect(res.status).toBe(200);
    expect(dispatched).toHaveLength(0);
    release(true);
    await settle();
    expect(dispatched).toHaveLength(1);
  });

  it('when the de-duplication store fails, drops that message and answers 503 until it is back (so Feishu retries)', async () => {
    const store = claimStore();
    store.setUp(false);
    const { post, dispatched, settle } = setup({ claim: store.claim });
    const message = (id: string) => signed(messageSample({ token: verificationToken, messageId: id }));
    // Answered before its claim is written: the failure is found after the 200, and the message dropped.
    expect((await post(message('om_1'))).status).toBe(200);
    await settle();
    // From then on messages are claimed first, so Feishu hears 503 and delivers them again.
    const refused = await post(message('om_2'));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: 'unavailable' });
    store.setUp(true);
    expect((await post(message('om_2'))).status).toBe(200);
    expect((await post(message('om_3'))).status).toBe(200);
    await settle();
    expect(dispatched.map((e) => e.id)).toEqual(['om_2', 'om_3']);
  });

  it('works without an encrypt key, on the verification token alone', async () => {
    const { post, dispatched, settle } = setup({ encryptKey: undefined });
    const res = await post({ body: JSON.stringify(messageSample({ token: verificationToken })) });
    expect(res.status).toBe(200);
    await settle();
    expect(dispatched).toHaveLength(1);
  });
});

describe('rejections', () => {
  const cases: [
    string,
    () => SignedRequest | { body: string; headers?: Record<string, string> },
    number,
    string,
  ][] = [
    [
      'forged signature',
      () => {
        const request = signed(messageSample({ token: verificationToken }));
        return { ...request, headers: { ...request.headers, 'x-lark-signature': '0'.repeat(64) } };
      },
      401,
      'bad_signature',
    ],
    [
      'stale timestamp',
      () => signed(messageSample({ token: verificationToken }), nowSeconds - 600),
      401,
      'stale',
    ],
    [
      'future timestamp',
      () => signed(messageSample({ token: verificationToken }), nowSeconds + 600),
      401,
      'stale',
    ],
    [
      'missing signature headers',
      () => ({ body: signed(messageSample({ token: verificationToken })).body }),
      401,
      'unsigned',
    ],
    [
      'undecryptable body',
      () =>
        signRawBody(JSON.stringify({ encrypt: Buffer.alloc(48, 1).toString('base64') }), {
          encryptKey,
          timestamp: nowSeconds,
        }),
      400,
      'undecryptable',
    ],
    ['malformed JSON', () => ({ body: '{"encrypt": ' }), 400, 'invalid_json'],
    ['a JSON array', () => ({ body: '[]' }), 400, 'invalid_json'],
    [
      'wrong verification token',
      () => signed(messageSample({ token: 'someone-elses-token' })),
      401,
      'bad_token',
    ],
    [
      'a valid envelope with a broken event',
      () => {
        const sample = messageSample({ token: verificationToken });
        return signed({ ...sample, event: { sender: sample.event.sender } });
      },
      400,
      'invalid_payload',
    ],
  ];

  it.each(cases)('%s → %i', async (_name, build, status, error) => {
    const { post, dispatched, settle } = setup();
    const res = await post(build());
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error });
    await settle();
    expect(dispatched).toHaveLength(0);
    expect(fake.messages).toHaveLength(0);
  });

  it('refuses bodies over 1 MB with 413', async () => {
    const { post, dispatched } = setup();
    const res = await post({ body: JSON.stringify({ encrypt: 'x'.repeat(1024 * 1024 + 10) }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'payload_too_large' });
    expect(dispatched).toHaveLength(0);
  });
});

describe('card.action.trigger', () => {
  it('answers with the toast and the rendered card, then sends replies to the operator', async () => {
    const { post, dispatched, settle } = setup();
    const res = await post(signed(cardActionSample({ token: verificationToken })));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      toast: unknown;
      card: { type: string; data: { schema: string; header: unknown } };
    };
    expect(body.toast).toEqual({ type: 'success', content: '已收到' });
    expect(body.card.type).toBe('raw');
    expect(body.card.data).toMatchObject({
      schema: '2.0',
      header: { title: { content: '已提交' }, template: 'green' },
    });
    expect(dispatched).toEqual([
      expect.objectContaining({
        kind: 'card_action',
        id: 'f7984f25108f8137722bb63c*****',
        action: { key: 'value' },
        form: expect.objectContaining({
          DatePicker_bpqdq5puvn4: '2024-04-01',
          'field name1': 'selectDemo1,selectDemo2',
        }),
      }),
    ]);
    await settle();
    expect(
      fake.messages.map(({ receiveIdType, receiveId, uuid }) => ({ receiveIdType, receiveId, uuid })),
    ).toEqual([
      {
        receiveIdType: 'open_id',
        receiveId: 'ou_3c14f3a59eaf2825dbe25359f15*****',
        uuid: 'reply:f7984f25108f8137722bb63c*****:0',
      },
      {
        receiveIdType: 'open_id',
        receiveId: 'ou_3c14f3a59eaf2825dbe25359f15*****',
        uuid: 'reply:f7984f25108f8137722bb63c*****:1',
      },
    ]);
  });

  it('answers {} to the same callback delivered twice', async () => {
    const { post, dispatched } = setup();
    await post(signed(cardActionSample({ token: verificationToken })));
    const again = await post(signed(cardActionSample({ token: verificationToken })));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({});
    expect(dispatched).toHaveLength(1);
  });

  it('slow work: answered "working on it" in time; the card follows by the delayed update, the toast as a message', async () => {
    const client = createFeishuClient({
      appId: fake.appId,
      appSecret: fake.appSecret,
      domain: fake.url,
      sleep: async () => {},
    });
    let finish: () => void = () => {};
    const slow: BotResponse = {
      toast: { tone: 'success', text: '已保存（第1版）' },
      update: { ...updateCard, blocks: [...updateCard.blocks] },
      replies: [],
    };
    const { post, settle } = setup({
      cardDeadlineMs: 50,
      workingToast: 'working-toast-from-prompts',
      updateCard: (token, card) => client.updateCard(token, card),
      dispatch: () => new Promise((resolve) => (finish = () => resolve(slow))),
    });
    const started = Date.now();
    const res = await post(signed(cardActionSample({ token: verificationToken })));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await res.json()).toEqual({ toast: { type: 'info', content: 'working-toast-from-prompts' } });
    expect(fake.cardUpdates).toEqual([]);
    finish();
    await settle();
    // The sample's delayed-update token carries the card; the toast could only be said as a message.
    expect(fake.cardUpdates).toEqual([
      {
        token: 'c-295ee57216a5dc9de90fefd0aadb4b1d7d******',
        card: expect.objectContaining({ header: expect.objectContaining({ template: 'green' }) }),
      },
    ]);
    expect(fake.messages.map((m) => m.content)).toEqual([{ text: '已保存（第1版）' }]);
  });

  it('answers 200 with the error toast when the bot throws', async () => {
    const { post } = setup({ dispatch: () => Promise.reject(new Error('boom')) });
    const res = await post(signed(cardActionSample({ token: verificationToken })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ toast: { type: 'error', content: 'error-toast-from-prompts' } });
  });
});

describe('other events', () => {
  it('claims them by event_id and answers {}', async () => {
    const { post, dispatched, claimed } = setup();
    const sample = messageSample({ token: verificationToken });
    const other = {
      ...sample,
      header: { ...sample.header, event_type: 'im.chat.member.bot.added_v1' },
      event: {},
    };
    const res = await post(signed(other));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(dispatched).toHaveLength(0);
    expect([...claimed]).toEqual([`feishu:evt:${sample.header.event_id}`]);
  });
});

describe('over real HTTP (@hono/node-server)', () => {
  it('serves the challenge and a signed message on 127.0.0.1', async () => {
    const { app, dispatched, settle } = setup();
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    try {
      const url = `http://127.0.0.1:${port}${PATH}`;
      const challenge = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ challenge: 'live', token: verificationToken, type: 'url_verification' }),
      });
      expect(await challenge.json()).toEqual({ challenge: 'live' });
      const request = signed(messageSample({ token: verificationToken }));
      const res = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({});
      const forged = await fetch(url, {
        method: 'POST',
        headers: { ...request.headers, 'x-lark-signature': 'f'.repeat(64) },
        body: request.body,
      });
      expect(forged.status).toBe(401);
      await settle();
      expect(dispatched).toHaveLength(1);
      expect(fake.messages).toHaveLength(2);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
