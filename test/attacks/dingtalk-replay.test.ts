// Finding 5: DingTalk's HTTP robot signs only the timestamp, so a (timestamp, sign) pair captured from
// one request — 50 minutes old, inside the hour DingTalk allows — was answered when sent again with a
// new body naming the bureau's staff id. Each pair is now remembered (in the store, for every instance)
// with the message it came with, and refused with another one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveNodeApp } from '../cases/harness/node-app.ts';
import type { AppUnderTest } from '../cases/harness.ts';
import { demoMobile, demoStore } from '../support/demo-store.ts';
import { dingtalkEnv } from '../support/dingtalk-env.ts';
import { directMessage, signedHeaders } from '../support/dingtalk-sign.ts';
import { type FakeDingtalk, startFakeDingtalk } from '../support/fake-dingtalk.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const CLERK = 'staff_zhushan_clerk';
const BUREAU = 'staff_bureau_officer';

let app: AppUnderTest;
let fake: FakeDingtalk;
beforeEach(async () => {
  const { store, db } = await demoStore();
  for (const [kind, name, staff] of [
    ['county', '竹山县', CLERK],
    ['bureau', '省乡村振兴局', BUREAU],
  ] as const)
    await store.db
      .updateTable('contacts')
      .set({ platform: 'dingtalk', platform_user_id: staff })
      .where('mobile', '=', demoMobile(kind, name))
      .execute();
  fake = await startFakeDingtalk();
  app = await serveNodeApp({
    store,
    db,
    fake,
    now: NOW,
    env: dingtalkEnv(fake, 'replay-card-callback-token'),
  });
});
afterEach(() => app.close());

const send = (headers: Record<string, string>, body: unknown) =>
  app.request('/webhooks/dingtalk', { method: 'POST', headers, body: JSON.stringify(body) });

describe('a captured DingTalk signature', () => {
  it('sent again 50 minutes later with the bureau’s staff id and 封账 is refused, and nothing is closed', async () => {
    // The clerk's request, seen in a proxy's log: signed 50 minutes before the replay.
    const captured = signedHeaders(NOW.getTime() - 50 * 60_000, fake.appSecret);
    expect((await send(captured, directMessage(CLERK, '进度', 'msg_clerk_1'))).status).toBe(200);
    const sentBefore = fake.messages.length;

    const forged = await send(captured, directMessage(BUREAU, '封账 2023Q1', 'msg_forged_1'));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'replayed' });
    const closings = await app.store.db.selectFrom('period_events').selectAll().execute();
    expect(closings).toEqual([]);
    expect(fake.messages.length).toBe(sentBefore);
  });

  it('the same message delivered again with its own signature is accepted, and answered once', async () => {
    const headers = signedHeaders(NOW.getTime(), fake.appSecret);
    const message = directMessage(CLERK, '帮助', 'msg_clerk_2');
    expect((await send(headers, message)).status).toBe(200);
    expect((await send(headers, message)).status).toBe(200);
    // Its answer (the help card) went out once.
    expect(fake.messages.length + fake.cards.length).toBe(1);
  });

  it('is remembered in the store: another instance over the same database refuses it too', async () => {
    const headers = signedHeaders(NOW.getTime() - 10 * 60_000, fake.appSecret);
    expect((await send(headers, directMessage(CLERK, '进度', 'msg_clerk_3'))).status).toBe(200);
    const rows = await app.store.db.selectFrom('signature_uses').selectAll().execute();
    expect(rows).toEqual([
      expect.objectContaining({
        signature: `${headers.timestamp}:${headers.sign}`,
        message_id: 'msg_clerk_3',
      }),
    ]);
  });
});
