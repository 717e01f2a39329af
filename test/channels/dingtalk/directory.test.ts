// Someone not yet bound writes to the robot: the bot asks DingTalk for that one person's mobile (one
// topapi/v2/user/get), not for the account of every unbound contact (one getbymobile each — about 90 on
// a real roster, against 20 calls a second). The answer is kept, "no mobile on file" too.
import { afterEach, describe, expect, it } from 'vitest';
import { DINGTALK_CARD_CALLBACK_TOKEN, dingtalkHttpDelivery } from '../../cases/harness/dingtalk-driver.ts';
import { serveNodeApp } from '../../cases/harness/node-app.ts';
import type { AppUnderTest } from '../../cases/harness.ts';
import { demoStore } from '../../support/demo-store.ts';
import { dingtalkEnv } from '../../support/dingtalk-env.ts';
import { directMessage } from '../../support/dingtalk-sign.ts';
import { GET_BY_MOBILE_PATH, startFakeDingtalk, USER_GET_PATH } from '../../support/fake-dingtalk.ts';

const NOW = new Date('2023-03-27T02:00:00Z');

describe('binding an unknown DingTalk sender', () => {
  let app: AppUnderTest | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('costs one lookup of the sender, kept for next time, whatever the number of unbound contacts', async () => {
    const { store, db } = await demoStore();
    // Nobody bound yet: every contact with a mobile is a candidate.
    await store.db.updateTable('contacts').set({ platform: null, platform_user_id: null }).execute();
    const unbound = await store.db
      .selectFrom('contacts')
      .select(['id', 'mobile'])
      .where('mobile', 'is not', null)
      .execute();
    expect(unbound.length).toBeGreaterThan(20);
    const clerk = unbound[0];
    if (!clerk?.mobile) throw new Error('no contact');
    const fake = await startFakeDingtalk({ mobiles: { [clerk.mobile]: 'staff_clerk' } });
    app = await serveNodeApp({
      store,
      db,
      fake,
      now: NOW,
      env: dingtalkEnv(fake, DINGTALK_CARD_CALLBACK_TOKEN),
    });
    const deliver = dingtalkHttpDelivery(app, fake, NOW);

    await deliver.message(directMessage('staff_stranger', '进度', 'm1'));
    await deliver.message(directMessage('staff_stranger', '进度', 'm2'));
    // One lookup for the stranger (no mobile on file), kept: the second message asks nothing.
    expect(fake.requestsTo(USER_GET_PATH)).toHaveLength(1);

    await deliver.message(directMessage('staff_clerk', '进度', 'm3'));
    expect(fake.requestsTo(USER_GET_PATH)).toHaveLength(2);
    expect(fake.requestsTo(GET_BY_MOBILE_PATH)).toHaveLength(0);
    const bound = await store.db
      .selectFrom('contacts')
      .select(['platform', 'platform_user_id'])
      .where('id', '=', clerk.id)
      .executeTakeFirstOrThrow();
    expect(bound).toEqual({ platform: 'dingtalk', platform_user_id: 'staff_clerk' });
  });
});
