// The Feishu client's receipts against the loopback Open API: read_users paged to the end, and a
// refusal for a missing scope thrown as Refused naming the scope to grant.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeishuClient } from '../../../src/channels/feishu/index.ts';
import { Refused } from '../../../src/conversation/receipts.ts';
import {
  type FakeFeishu,
  feishuCode,
  readUsersPath,
  startFakeFeishu,
  urgentAppPath,
} from '../../support/fake-feishu.ts';

let fake: FakeFeishu;
beforeEach(async () => {
  fake = await startFakeFeishu();
});
afterEach(async () => {
  await fake.close();
});

const client = () =>
  createFeishuClient({
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.url,
    sleep: async () => {},
  });

describe('Feishu receipts', () => {
  it('answers the message_id it sent, and every reader of it across pages', async () => {
    const feishu = client();
    const sent = await feishu.send(
      { kind: 'user', platform: 'feishu', userId: 'ou_a' },
      { kind: 'text', text: '提醒' },
      'rem:a:2023-04-03',
    );
    expect(sent?.messageId).toBe(fake.messages[0]?.messageId);
    const id = sent?.messageId ?? '';
    const readers = Array.from({ length: 150 }, (_, i) => `ou_${i}`);
    for (const r of readers) fake.markRead(id, r);
    expect(await feishu.readers(id)).toEqual(readers);
    const asked = fake.requestsTo(readUsersPath(id));
    expect(asked).toHaveLength(2);
    expect(asked[0]?.query).toMatchObject({ user_id_type: 'open_id', page_size: '100' });
  });

  it('throws Refused with the scope to grant when the app lacks it', async () => {
    const feishu = client();
    const sent = await feishu.send(
      { kind: 'user', platform: 'feishu', userId: 'ou_a' },
      { kind: 'text', text: '提醒' },
      'rem:a:2023-04-03',
    );
    const id = sent?.messageId ?? '';
    fake.failNext(readUsersPath(id), feishuCode(99991672, 'Access denied'));
    const read = await feishu.readers(id).catch((e: unknown) => e);
    expect(read).toBeInstanceOf(Refused);
    expect(read).toMatchObject({ platform: 'feishu', api: 'read_status', grant: 'im:message:readonly' });
    fake.failNext(urgentAppPath(id), feishuCode(99991672, 'Access denied'));
    const urged = await feishu
      .urge({ userId: 'ou_a', messageId: id, key: 'esc' }, '加急')
      .catch((e: unknown) => e);
    expect(urged).toMatchObject({ platform: 'feishu', api: 'urge', grant: 'im:message.urgent' });
    // Granted, the same call goes through.
    await feishu.urge({ userId: 'ou_a', messageId: id, key: 'esc' }, '加急');
    expect(fake.urgent).toEqual([{ messageId: id, userIds: ['ou_a'] }]);
  });
});
