// DingTalk's Stream mode end to end: the app as `npm start` composes it (DINGTALK_MODE=stream) connects
// out to the loopback gateway (test/support/fake-dingtalk-stream.ts). A message in, its reply out; the
// card it creates calls back over the stream; pings echoed; a `disconnect` followed to a new connection;
// the connection dropped mid-burst with nothing lost or answered twice; a half-open connection replaced.
import { afterEach, describe, expect, it } from 'vitest';
import { TOPIC_CARD, TOPIC_ROBOT } from '../../../src/channels/dingtalk/stream-protocol.ts';
import { serveNodeApp } from '../../cases/harness/node-app.ts';
import type { AppUnderTest } from '../../cases/harness.ts';
import { castPeople } from '../../cases/harness.ts';
import { demoStore } from '../../support/demo-store.ts';
import { dingtalkEnv } from '../../support/dingtalk-env.ts';
import { directMessage } from '../../support/dingtalk-sign.ts';
import {
  BATCH_SEND_PATH,
  CREATE_AND_DELIVER_PATH,
  type FakeDingtalk,
  startFakeDingtalk,
} from '../../support/fake-dingtalk.ts';
import { type FakeDingtalkStream, startFakeDingtalkStream } from '../../support/fake-dingtalk-stream.ts';

describe('the app over the DingTalk stream', () => {
  let fake: FakeDingtalk;
  let gateway: FakeDingtalkStream;
  let app: AppUnderTest | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start() {
    const { store, db } = await demoStore();
    // One bound county clerk, who can be sent a form card.
    await castPeople(
      store,
      'dingtalk',
      { clerk: { unit: { kind: 'county', name: '竹山县' }, account: 'bound' } },
      (who) => `staff_${who}`,
    );
    fake = await startFakeDingtalk();
    gateway = await startFakeDingtalkStream(fake);
    app = await serveNodeApp({
      store,
      db,
      fake: {
        async close() {
          await gateway.close();
          await fake.close();
        },
      },
      now: new Date('2023-03-27T02:00:00Z'),
      env: { ...dingtalkEnv(fake, 'unused-in-stream-mode'), DINGTALK_MODE: 'stream' },
    });
    await gateway.waitForConnections(1);
    return app;
  }

  const say = async (a: AppUnderTest, staffId: string, text: string, n: number) => {
    const answer = await gateway.push(TOPIC_ROBOT, directMessage(staffId, text, `msg_${n}`));
    await a.settle?.();
    return answer;
  };
  const recipients = () =>
    fake.requestsTo(BATCH_SEND_PATH).flatMap((r) => (r.body as { userIds: string[] }).userIds);

  it('subscribes to robot messages and card presses; a message in, its reply out; cards call back over it', async () => {
    const a = await start();
    expect(gateway.subscriptions()).toEqual([
      { type: 'CALLBACK', topic: TOPIC_ROBOT },
      { type: 'CALLBACK', topic: TOPIC_CARD },
    ]);
    expect(await say(a, 'staff_stranger', '帮助', 1)).toEqual({ code: 200, data: { response: null } });
    expect(recipients()).toEqual(['staff_stranger']);

    await say(a, 'staff_clerk', '填报 附件2', 2);
    const [created] = fake.requestsTo(CREATE_AND_DELIVER_PATH);
    expect(created?.body).toMatchObject({ callbackType: 'STREAM' });
    expect(created?.body).not.toHaveProperty('callbackRouteKey');
    const health = (await (await a.request('/health', {})).json()) as { connections: unknown[] };
    expect(health.connections).toMatchObject([{ platform: 'dingtalk', mode: 'stream', state: 'connected' }]);
    // No HTTP callback is served in this mode.
    expect((await a.request('/webhooks/dingtalk', { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('echoes the gateway ping, and moves to a new connection when told to disconnect', async () => {
    const a = await start();
    expect(await gateway.ping('opaque-1')).toEqual({ code: 200, data: { opaque: 'opaque-1' } });
    gateway.disconnect(5_000);
    await gateway.waitForConnections(2);
    expect(await say(a, 'staff_after', '帮助', 1)).toMatchObject({ code: 200 });
    expect(recipients()).toEqual(['staff_after']);
  });

  it('a connection dropped mid-burst comes back; every message is answered exactly once', async () => {
    const a = await start();
    gateway.dropOnNextAnswer();
    const burst = Array.from({ length: 30 }, (_, i) =>
      directMessage(`staff_${i + 1}`, '帮助', `msg_${i + 1}`),
    );
    const answers = await Promise.all(burst.map((m) => gateway.push(TOPIC_ROBOT, m)));
    await a.settle?.();
    expect(answers.every((answer) => answer.code === 200)).toBe(true);
    expect(gateway.connections()).toBe(2);
    expect(gateway.deliveries()).toBeGreaterThan(burst.length);
    expect(recipients().sort()).toEqual(burst.map((m) => m.senderStaffId).sort());
  });

  it('a silent (half-open) connection is noticed by its unanswered ping and replaced', async () => {
    const a = await start();
    gateway.silence();
    await gateway.waitForConnections(2);
    expect(await say(a, 'staff_after', '帮助', 1)).toMatchObject({ code: 200 });
    expect(recipients()).toEqual(['staff_after']);
  });
});
