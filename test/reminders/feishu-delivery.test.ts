// Reminders through the real Feishu client against the loopback Open API: rate limits and server
// errors delay delivery but lose nothing, and each message carries its outbox key as `uuid`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleMessenger } from '../../src/channels/console/inbox.ts';
import { createFeishuClient } from '../../src/channels/feishu/index.ts';
import { routeMessengers } from '../../src/conversation/messengers.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders, type SweepDeps } from '../../src/reminders/sweep.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { demoMobile, demoStore, type TempDb } from '../support/demo-store.ts';
import {
  type FakeFeishu,
  MESSAGES_PATH,
  rateLimited,
  serverError,
  startFakeFeishu,
} from '../support/fake-feishu.ts';

const NOW = new Date('2023-03-24T09:05:00+08:00');
const COUNTIES = ['竹山县', '房县', '郧西县'];

let store: OpenedStore;
let db: TempDb;
let fake: FakeFeishu;
let slept: number[];
beforeEach(async () => {
  ({ store, db } = await demoStore());
  for (const [i, name] of COUNTIES.entries()) {
    await store.db
      .updateTable('contacts')
      .set({ platform: 'feishu', platform_user_id: `ou_county_${i}` })
      .where('mobile', '=', demoMobile('county', name))
      .execute();
  }
  fake = await startFakeFeishu();
  slept = [];
});
afterEach(async () => {
  await fake.close();
  await store.close();
  await db.cleanup();
});

function deps(worker: string, maxAttempts = 5): SweepDeps {
  const feishu = createFeishuClient({
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.url,
    maxAttempts,
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
  return {
    store,
    messenger: routeMessengers({ feishu, console: consoleMessenger(mailboxOf(store), () => NOW) }),
    worker,
    calendar: workCalendar([]),
    settings: DEFAULT_REMINDER_SETTINGS,
  };
}

const feishuMessages = () =>
  fake.messages.filter((m) => m.receiveIdType === 'open_id' && m.receiveId.startsWith('ou_county_'));

describe('reminders over Feishu', () => {
  it('waits out a 429 (honouring x-ogw-ratelimit-reset) and a 500, then delivers each once with its key as uuid', async () => {
    fake.failNext(MESSAGES_PATH, rateLimited(2), serverError());
    const result = await runDueReminders(deps('a'), NOW);
    expect(result.failed).toBe(0);
    const sent = feishuMessages();
    expect(sent.map((m) => m.receiveId).sort()).toEqual(['ou_county_0', 'ou_county_1', 'ou_county_2']);
    expect(slept).toContain(2000);
    const keys = await store.db
      .selectFrom('reminder_messages')
      .select('message_key')
      .where(
        'contact_id',
        'in',
        COUNTIES.map((c) => demoMobile('county', c)),
      )
      .execute();
    expect(sent.map((m) => m.uuid).sort()).toEqual(keys.map((k) => k.message_key).sort());
    expect(sent.every((m) => m.msgType === 'interactive')).toBe(true);
  });

  it('keeps a message that fails every attempt and sends it once on a later sweep', async () => {
    fake.failNext(MESSAGES_PATH, serverError(), serverError());
    const first = await runDueReminders(deps('a', 2), NOW);
    expect(first.failed).toBe(1);
    expect(feishuMessages()).toHaveLength(2);
    const pending = await store.db
      .selectFrom('reminder_messages')
      .select(['state', 'last_error'])
      .where('state', '=', 'pending')
      .execute();
    expect(pending.length).toBeGreaterThan(0);
    const later = await runDueReminders(deps('b', 2), new Date(NOW.getTime() + 5 * 60_000));
    expect(later.sent).toBe(1);
    expect(
      feishuMessages()
        .map((m) => m.receiveId)
        .sort(),
    ).toEqual(['ou_county_0', 'ou_county_1', 'ou_county_2']);
    expect(
      await store.db.selectFrom('reminder_messages').select('state').where('state', '=', 'pending').execute(),
    ).toEqual([]);
  });
});
