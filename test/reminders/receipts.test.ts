// Receipts and the escalation ladder through the real Feishu and DingTalk clients against the loopback
// Open APIs: each card keeps its platform id, who read it is asked and shown in 提醒记录, and an overdue
// sheet whose cards stayed unread N workdays is urged once — never on a rest day or outside the hours,
// never when read — with a refused urge logged once and the ladder falling through to the lead unit.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleMessenger, consoleReceipts } from '../../src/channels/console/inbox.ts';
import { createDingtalkClient } from '../../src/channels/dingtalk/index.ts';
import { createFeishuClient } from '../../src/channels/feishu/index.ts';
import type { ChannelMetrics } from '../../src/channels/metrics.ts';
import { routeMessengers } from '../../src/conversation/messengers.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import type { EscalationSettings } from '../../src/reminders/escalation.ts';
import { refusalLog } from '../../src/reminders/refusals.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders, type SweepDeps } from '../../src/reminders/sweep.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { bumpRosterVersion } from '../../src/store/roster-repo.ts';
import { eachBackend, storeEachTestOn, type TestDb } from '../support/backends.ts';
import {
  DING_SEND_PATH,
  dingtalkCode,
  type FakeDingtalk,
  READ_STATUS_PATH,
  startFakeDingtalk,
} from '../support/fake-dingtalk.ts';
import { type FakeFeishu, feishuCode, startFakeFeishu, urgentAppPath } from '../support/fake-feishu.ts';

const at = (local: string) => new Date(`${local}+08:00`);
/** The first workday after the 2023 Q1 deadline: the counties' first overdue cards. */
const FIRST_OVERDUE = at('2023-04-03T09:05:00');
const LADDER: EscalationSettings = { afterWorkdays: 2, steps: ['county', 'lead'] };

let store: OpenedStore;
let db: TestDb;
let fake: FakeFeishu;
let warnings: { obj: object; msg?: string }[];
let counted: Record<string, number>;

// On every backend: two instances on one PostgreSQL database race as two connections do on SQLite.
eachBackend((backend) => {
  storeEachTestOn(backend, (s, d) => {
    store = s;
    db = d;
  });
  beforeEach(async () => {
    // Everyone outside the bureau and the cities on Feishu: counties and lead units.
    await store.db
      .updateTable('contacts')
      .set({ platform: 'feishu', platform_user_id: sql<string>`'ou_' || platform_user_id` })
      .execute();
    await bumpRosterVersion(store).execute();
    fake = await startFakeFeishu();
    warnings = [];
    counted = {};
  });
  afterEach(async () => {
    await fake.close();
  });

  const metrics: ChannelMetrics = {
    count(name, labels) {
      const key = `${name}:${labels.platform}:${labels.api ?? ''}`;
      counted[key] = (counted[key] ?? 0) + 1;
    },
  };

  function deps(worker: string, escalation: EscalationSettings = LADDER, on: OpenedStore = store): SweepDeps {
    const feishu = createFeishuClient({
      appId: fake.appId,
      appSecret: fake.appSecret,
      domain: fake.url,
      perAppPerSecond: 100_000,
      perTargetPerSecond: 100_000,
      perAppPerMinute: 1_000_000,
      metrics,
      sleep: async () => {},
    });
    const mailbox = mailboxOf(on);
    return {
      store: on,
      messenger: routeMessengers({ feishu, console: consoleMessenger(mailbox, () => FIRST_OVERDUE) }),
      worker,
      // 2023: 4–5 April is 清明 (the package's calendar): 5 April is a rest day.
      calendar: workCalendar([]),
      settings: DEFAULT_REMINDER_SETTINGS,
      receipts: { feishu, console: consoleReceipts(mailbox, () => FIRST_OVERDUE) },
      escalation,
      refusals: refusalLog({ warn: (obj, msg) => warnings.push({ obj, ...(msg ? { msg } : {}) }) }),
    };
  }

  const cardsOn = (day: string) =>
    store.db
      .selectFrom('reminder_messages')
      .selectAll()
      .where('day', '=', day)
      .where('state', '=', 'sent')
      .execute();

  async function contactOf(id: string) {
    return store.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  const ZHUSHAN = 'county:竹山县';

  /** The county contacts' cards of a day, by unit. */
  async function countyCards(day: string) {
    return (await cardsOn(day)).filter((c) => c.unit_id.startsWith('county:'));
  }

  async function log(userId: string, now: Date): Promise<string> {
    const { dispatch } = await import('../../src/bot/dispatch.ts');
    const feishuMessenger = routeMessengers({ console: consoleMessenger(mailboxOf(store), () => now) });
    const response = await dispatch(
      {
        kind: 'message',
        id: `log-${userId}-${now.getTime()}`,
        sender: { platform: 'feishu', userId },
        conversation: { id: 'p', kind: 'direct', mentioned: false },
        text: '提醒记录',
      },
      { store, now: () => now, messenger: feishuMessenger },
    );
    return JSON.stringify(response);
  }

  /** 提醒记录's lines about one contact. */
  function linesOf(response: string, name: string): string[] {
    const texts = (JSON.parse(response) as { replies: { card?: { blocks: { text?: string }[] } }[] }).replies
      .flatMap((r) => r.card?.blocks ?? [])
      .flatMap((b) => (b.text ?? '').split('\n'));
    return texts.filter((line) => line.includes(`·${name}：`));
  }

  describe('receipts and the escalation ladder (Feishu)', () => {
    it('keeps each card’s message id, asks who read it at most hourly, and shows 已读 / 未读 in 提醒记录', async () => {
      const first = await runDueReminders(deps('a'), FIRST_OVERDUE);
      expect(first.sent).toBeGreaterThan(10);
      const cards = await cardsOn('2023-04-03');
      // Every card keeps the message_id Feishu answered for it.
      const ids = new Map(fake.messages.map((m) => [m.uuid, m.messageId]));
      for (const card of cards) expect(card.platform_message_id).toBe(ids.get(card.message_key));
      // Nothing is asked about a card just sent.
      expect(first.readCalls).toBe(0);

      const zhushan = (await countyCards('2023-04-03')).find((c) => c.unit_id === ZHUSHAN);
      const reader = await contactOf(zhushan?.contact_id ?? '');
      fake.markRead(zhushan?.platform_message_id ?? '', reader.platform_user_id ?? '');

      const later = await runDueReminders(deps('a'), at('2023-04-03T10:10:00'));
      // One call per card whose items are still owed (all of them: nothing was reported).
      expect(later.readCalls).toBe(cards.length);
      expect(counted['receipt_calls:feishu:read_status']).toBe(cards.length);
      expect(fake.requests.filter((r) => r.path.endsWith('/read_users'))).toHaveLength(cards.length);
      const states = await cardsOn('2023-04-03');
      expect(states.filter((c) => c.read_state === 'read').map((c) => c.message_key)).toEqual([
        zhushan?.message_key,
      ]);
      expect(states.every((c) => c.read_state !== null)).toBe(true);
      // Within the hour nothing is asked again.
      expect((await runDueReminders(deps('a'), at('2023-04-03T10:40:00'))).readCalls).toBe(0);

      const own = linesOf(await log(reader.platform_user_id ?? '', at('2023-04-03T10:45:00')), reader.name);
      expect(own.length).toBeGreaterThan(0);
      for (const line of own) expect(line).toMatch(/逾期 已读$/);
      const other = (await countyCards('2023-04-03')).find((c) => c.unit_id !== ZHUSHAN);
      const otherContact = await contactOf(other?.contact_id ?? '');
      const theirs = linesOf(
        await log(otherContact.platform_user_id ?? '', at('2023-04-03T10:45:00')),
        otherContact.name,
      );
      expect(theirs.length).toBeGreaterThan(0);
      for (const line of theirs) expect(line).toMatch(/逾期 未读$/);
    });

    it('urges an unread overdue sheet after N workdays exactly once, not on a rest day, outside hours or when read', async () => {
      await runDueReminders(deps('a'), FIRST_OVERDUE);
      const zhushan = (await countyCards('2023-04-03')).find((c) => c.unit_id === ZHUSHAN);
      const reader = await contactOf(zhushan?.contact_id ?? '');
      fake.markRead(zhushan?.platform_message_id ?? '', reader.platform_user_id ?? '');
      await runDueReminders(deps('a'), at('2023-04-03T10:10:00'));

      // One workday unread: not yet.
      expect((await runDueReminders(deps('a'), at('2023-04-04T10:00:00'))).escalated).toBe(0);
      // 5 April 2023 is 清明 (a rest day); 6 April before 08:30 is outside the hours.
      const rest = await runDueReminders(deps('a'), at('2023-04-05T10:00:00'));
      expect(rest).toMatchObject({ sent: 0, readCalls: 0, escalated: 0 });
      expect((await runDueReminders(deps('a'), at('2023-04-06T07:30:00'))).escalated).toBe(0);
      expect(fake.urgent).toEqual([]);

      // Two workdays unread (4 and 6 April): two sweeps at once, one urge per unread county contact.
      const second = await db.open();
      const [a, b] = await Promise.all([
        runDueReminders(deps('a'), at('2023-04-06T09:10:00')),
        runDueReminders(deps('b', LADDER, second), at('2023-04-06T09:10:00')),
      ]).finally(() => second.close());
      const unread = (await countyCards('2023-04-03')).filter((c) => c.read_state !== 'read');
      expect(a.escalated + b.escalated).toBe(unread.length);
      expect(fake.urgent.map((u) => u.messageId).sort()).toEqual(
        unread.map((c) => c.platform_message_id).sort(),
      );
      for (const u of fake.urgent) expect(u.userIds).toHaveLength(1);
      // The county whose card was read is not urged.
      expect(fake.urgent.some((u) => u.messageId === zhushan?.platform_message_id)).toBe(false);
      // Never twice, however often the sweep runs that day or the next.
      await runDueReminders(deps('a'), at('2023-04-06T11:00:00'));
      await runDueReminders(deps('b'), at('2023-04-07T11:00:00'));
      expect(fake.urgent).toHaveLength(unread.length);
      expect(counted['receipt_calls:feishu:urge']).toBe(unread.length);

      const steps = await store.db
        .selectFrom('escalations')
        .selectAll()
        .where('step', '=', 'county')
        .execute();
      expect(steps.every((s) => s.state === 'done' && s.unread_workdays === 2)).toBe(true);
      expect(steps.some((s) => s.county_id === ZHUSHAN)).toBe(false);
      const other = unread[0];
      const urged = await contactOf(other?.contact_id ?? '');
      const text = await log(urged.platform_user_id ?? '', at('2023-04-07T11:10:00'));
      expect(text).toContain('加急县联系人');
      expect(text).toContain('提醒2个工作日未读，已发出');
      // The step is in the sheet's history too.
      const county = steps.find((s) => s.contact_id === other?.contact_id);
      const { sheetHistoryReport } = await import('../../src/app/history.ts');
      const { historyText } = await import('../../src/cli/render.ts');
      const countyName = county?.county_id.replace('county:', '') ?? '';
      const history = await sheetHistoryReport(store, {
        county: countyName,
        ledger: '附件2',
        period: '2023Q1',
      });
      expect(history.ok).toBe(true);
      if (history.ok)
        expect(historyText(history)).toMatch(
          new RegExp(`加急县联系人：${countyName} ${urged.name}（提醒2个工作日未读）已发出`),
        );
    });

    it('logs a refused 加急 once with the scope to grant and falls through to the lead unit', async () => {
      await runDueReminders(deps('a'), FIRST_OVERDUE);
      await runDueReminders(deps('a'), at('2023-04-04T10:00:00'));
      const cards = await countyCards('2023-04-03');
      // Every 加急 of county cards is refused: the app lacks the scope.
      for (const card of cards)
        fake.failNext(
          urgentAppPath(card.platform_message_id ?? ''),
          feishuCode(99991672, 'Access denied. One of the following scopes is required: [im:message.urgent]'),
        );
      const result = await runDueReminders(deps('a'), at('2023-04-06T09:10:00'));
      const refusals = warnings.filter((w) => (w.obj as { api?: string }).api === 'urge');
      expect(refusals).toHaveLength(1);
      expect(refusals[0]?.obj).toMatchObject({
        platform: 'feishu',
        reason: 'permission',
        grant: 'im:message.urgent',
      });
      const steps = await store.db.selectFrom('escalations').selectAll().execute();
      const county = steps.filter((s) => s.step === 'county');
      expect(county.length).toBeGreaterThan(0);
      expect(county.every((s) => s.state === 'refused')).toBe(true);
      // The next step is taken in the same sweep: each lead contact is sent the words, then urged.
      const lead = steps.filter((s) => s.step === 'lead');
      expect(lead.length).toBeGreaterThan(0);
      const leadDone = lead.filter((s) => s.state === 'done');
      expect(result.escalated).toBe(new Set(leadDone.map((s) => s.contact_id)).size);
      const words = fake.messages.filter(
        (m) => m.msgType === 'text' && String((m.content as { text?: string }).text).startsWith('【加急】'),
      );
      expect(fake.urgent.map((u) => u.messageId).sort()).toEqual(words.map((m) => m.messageId).sort());
      // Nothing else stopped: the cards of the day went out and were asked about.
      expect(result.failed).toBe(0);
    });
  });

  describe('receipts, batches and DING (DingTalk robot messages)', () => {
    let ding: FakeDingtalk;
    beforeEach(async () => {
      await store.db
        .updateTable('contacts')
        .set({ platform: 'dingtalk', platform_user_id: sql<string>`'dt-' || substr(platform_user_id, 4)` })
        .execute();
      // Every county gets a second contact: a county's two contacts get the same card each day.
      const counties = await store.db.selectFrom('units').select('id').where('kind', '=', 'county').execute();
      await store.db
        .insertInto('contacts')
        .values(
          counties.map((c, i) => ({
            id: `second-${i}`,
            unit_id: c.id,
            name: `副联系人${i}`,
            mobile: `1710000${String(i).padStart(4, '0')}`,
            platform: 'dingtalk',
            platform_user_id: `dt-second-${i}`,
          })),
        )
        .execute();
      await bumpRosterVersion(store).execute();
      ding = await startFakeDingtalk();
    });
    afterEach(async () => {
      await ding.close();
    });

    function dingDeps(worker: string): SweepDeps {
      // No card template: reminder cards go as robot markdown, 20 people a call, with read status.
      const dingtalk = createDingtalkClient({
        appKey: ding.appKey,
        appSecret: ding.appSecret,
        robotCode: 'dingrobot',
        baseUrl: ding.url,
        oapiBaseUrl: ding.url,
        metrics,
        perApiPerSecond: 100_000,
        sleep: async () => {},
      });
      return {
        ...deps(worker),
        messenger: routeMessengers({ dingtalk }),
        batchers: { dingtalk },
        receipts: { dingtalk },
      };
    }

    it('sends a unit’s identical cards in one call, reads each batch once, and DINGs the unread', async () => {
      const first = await runDueReminders(dingDeps('a'), FIRST_OVERDUE);
      const cards = await cardsOn('2023-04-03');
      expect(first.sent).toBe(cards.length);
      // One batchSend per unit (its contacts get the same card), never more than 20 people a call;
      // the weekly digest (the first workday after the deadline) goes besides, one call a person.
      const units = new Set(cards.map((c) => c.unit_id));
      expect(first.digests).toBeGreaterThan(0);
      expect(ding.batchSendCalls).toHaveLength(units.size + first.digests);
      expect(ding.batchSendCalls.length - first.digests).toBeLessThan(cards.length);
      for (const call of ding.batchSendCalls) expect(call.length).toBeLessThanOrEqual(20);
      expect(ding.messages).toHaveLength(cards.length + first.digests);
      for (const unit of units) {
        const keys = new Set(cards.filter((c) => c.unit_id === unit).map((c) => c.platform_message_id));
        expect(keys.size).toBe(1);
        expect([...keys][0]).toMatch(/^pqk-\d+$/);
      }

      const zhushan = (await countyCards('2023-04-03')).find((c) => c.unit_id === ZHUSHAN);
      const reader = await contactOf(zhushan?.contact_id ?? '');
      ding.markRead(zhushan?.platform_message_id ?? '', reader.platform_user_id ?? '');
      const later = await runDueReminders(dingDeps('a'), at('2023-04-03T10:10:00'));
      // One readStatus call per batch, not per card.
      expect(later.readCalls).toBe(units.size);
      expect(ding.requestsTo(READ_STATUS_PATH)).toHaveLength(units.size);
      expect(counted['receipt_calls:dingtalk:read_status']).toBe(units.size);
      const read = (await cardsOn('2023-04-03')).filter((c) => c.read_state === 'read');
      expect(read.map((c) => c.contact_id)).toEqual([reader.id]);

      await runDueReminders(dingDeps('a'), at('2023-04-04T10:00:00'));
      const urge = await runDueReminders(dingDeps('a'), at('2023-04-06T09:10:00'));
      // 竹山县's card was read by one of its two contacts: the county saw it, neither is urged.
      const unread = (await countyCards('2023-04-03')).filter((c) => c.unit_id !== ZHUSHAN);
      expect(unread.every((c) => c.read_state === 'unread')).toBe(true);
      const unreadPeople = await Promise.all(unread.map((c) => contactOf(c.contact_id)));
      expect(urge.escalated).toBe(unread.length);
      expect(ding.dings.flatMap((d) => d.userIds).sort()).toEqual(
        unreadPeople.map((p) => p.platform_user_id).sort(),
      );
      for (const d of ding.dings) {
        expect(d.remindType).toBe(1);
        expect(d.content).toMatch(/^【加急】/);
      }
      const zhushanPeople = (await countyCards('2023-04-03')).filter((c) => c.unit_id === ZHUSHAN);
      expect(zhushanPeople).toHaveLength(2);
      for (const c of zhushanPeople) {
        const person = await contactOf(c.contact_id);
        expect(ding.dings.some((d) => d.userIds.includes(person.platform_user_id ?? ''))).toBe(false);
      }
    });

    it('a DING refused for its quota is logged once, and the lead unit is DINGed instead', async () => {
      await runDueReminders(dingDeps('a'), FIRST_OVERDUE);
      await runDueReminders(dingDeps('a'), at('2023-04-04T10:00:00'));
      const countyPeople = new Set(
        await Promise.all(
          (await countyCards('2023-04-03')).map(
            async (c) => (await contactOf(c.contact_id)).platform_user_id,
          ),
        ),
      );
      // DING to a county contact is refused (the organisation's DING quota is spent); others go.
      const dinged: string[] = [];
      ding.serve(DING_SEND_PATH, (req) => {
        const [to] = (req.body as { receiverUserIdList: string[] }).receiverUserIdList;
        if (countyPeople.has(to ?? '')) return dingtalkCode('ding.serverquota.insufficient', 400);
        dinged.push(to ?? '');
        return { status: 200, body: { openDingId: `ding-${dinged.length}` } };
      });
      let escalated = 0;
      // A sweep urges at most 50 people; the next sweeps of the morning take the rest.
      for (const minute of ['10', '15', '20', '25']) {
        const result = await runDueReminders(dingDeps('a'), at(`2023-04-06T09:${minute}:00`));
        expect(result.failed).toBe(0);
        escalated += result.escalated;
      }
      const refusals = warnings.filter((w) => (w.obj as { api?: string }).api === 'urge');
      expect(refusals).toHaveLength(1);
      expect(refusals[0]?.obj).toMatchObject({ platform: 'dingtalk', reason: 'quota' });
      const steps = await store.db.selectFrom('escalations').selectAll().execute();
      const county = steps.filter((s) => s.step === 'county');
      expect(new Set(county.map((s) => s.contact_id)).size).toBe(countyPeople.size);
      expect(county.every((s) => s.state === 'refused')).toBe(true);
      const lead = steps.filter((s) => s.step === 'lead');
      const leadPeople = new Set(lead.map((s) => s.contact_id));
      expect(leadPeople.size).toBeGreaterThan(0);
      expect(lead.every((s) => s.state === 'done')).toBe(true);
      expect(escalated).toBe(leadPeople.size);
      expect(dinged).toHaveLength(leadPeople.size);
    });
  });
});
