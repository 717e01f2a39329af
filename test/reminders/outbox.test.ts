// A reminder is queued once for the unit it reminds and a card once for each of the unit's contacts;
// what a card carries is decided when it goes out, and 提醒记录 shows what each card carried.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reviewSheet } from '../../src/app/review.ts';
import { submitSheet } from '../../src/app/submit.ts';
import { consoleMessenger } from '../../src/channels/console/inbox.ts';
import type { Messenger } from '../../src/conversation/model.ts';
import { contactsOf } from '../../src/domain/roster.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders, type SweepDeps } from '../../src/reminders/sweep.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { deliveries, enqueue } from '../../src/store/outbox-repo.ts';
import { loadRoster } from '../../src/store/roster-repo.ts';
import { eachBackend, storeEachTestOn } from '../support/backends.ts';
import { demoMobile, root } from '../support/demo-store.ts';

// 2023-03-24 is a Friday, 7 days before the March 31 deadlines.
const NOW = new Date('2023-03-24T09:05:00+08:00');
const LATER = new Date(NOW.getTime() + 5 * 60_000);
const YUNYANG = demoMobile('county', '郧阳区');
const ZHUSHAN = demoMobile('county', '竹山县');
const A2: unknown = JSON.parse(readFileSync(root('test/fixtures/a2-yunyang.json'), 'utf8'));

let store: OpenedStore;
eachBackend((backend) => {
  storeEachTestOn(backend, (s) => {
    store = s;
  });

  function sweeper(batch = DEFAULT_REMINDER_SETTINGS.batch): SweepDeps {
    return {
      store,
      messenger: consoleMessenger(mailboxOf(store), () => NOW),
      worker: 'w',
      calendar: workCalendar([]),
      settings: { ...DEFAULT_REMINDER_SETTINGS, batch },
    };
  }

  const claimedBy = async (worker: string) =>
    (
      await store.db
        .selectFrom('reminder_messages')
        .select('message_key')
        .where('claimed_by', '=', worker)
        .execute()
    ).map((m) => m.message_key);

  const cardKeys = async () =>
    (
      await store.db
        .selectFrom('reminder_messages')
        .select('message_key')
        .where('contact_id', '=', ZHUSHAN)
        .orderBy('message_key')
        .execute()
    ).map((m) => m.message_key);

  const cardsTo = async (contact: string) =>
    (await store.db.selectFrom('console_inbox').select(['key', 'reply']).execute()).filter((m) =>
      m.key.startsWith(`rem:${contact}:`),
    );

  /** 竹山县 files its 附件2 of 2023Q1. */
  async function fileA2(at: Date) {
    const saved = await submitSheet(
      store,
      { as: ZHUSHAN, ledger: 'a2', period: '2023Q1', body: A2 },
      'card',
      at,
    );
    expect(saved).toMatchObject({ kind: 'saved', revision: 1 });
  }

  /** Its lead unit returns it, so it is owed again (and today is still its 7-day reminder). */
  async function returnA2(at: Date) {
    const returned = await reviewSheet(
      store,
      {
        as: demoMobile('lead_unit', '省委宣传部'),
        ledger: 'a2',
        period: '2023Q1',
        county: '竹山县',
        revision: 1,
        decision: 'return',
        reason: '数字有误',
      },
      at,
    );
    expect(returned.ok).toBe(true);
  }

  const at = (time: string) => new Date(`2023-03-24T${time}:00+08:00`);
  const A2_ITEM = '附件2 省直单位定点帮扶工作情况台账';

  describe('the reminder outbox', () => {
    it('stores each reminder once for its unit, and the cards carry it to every contact', async () => {
      const queued = await runDueReminders(sweeper(0), NOW);
      const reminders = await store.db.selectFrom('reminders').select(['reminder_key', 'unit_id']).execute();
      const cards = await store.db
        .selectFrom('reminder_messages')
        .select(['contact_id', 'unit_id'])
        .execute();
      expect(queued.enqueued).toBe(cards.length);
      expect(new Set(reminders.map((r) => r.reminder_key)).size).toBe(reminders.length);
      const shown = await deliveries(store);
      // Each reminder to every contact of its unit in the roster that a chat can reach, and to no other.
      const roster = await loadRoster(store);
      const reachable = (unit: string) =>
        contactsOf(roster, unit).filter((c) => c.platform && c.platformUserId);
      expect(shown.map((d) => `${d.reminder_key} ${d.contact_id}`).sort()).toEqual(
        reminders.flatMap((r) => reachable(r.unit_id).map((c) => `${r.reminder_key} ${c.id}`)).sort(),
      );
      expect(shown.every((d) => d.state === 'pending')).toBe(true);
    });

    it('leaves off a card what was reported after it was queued, and 提醒记录 says so', async () => {
      await runDueReminders(sweeper(0), NOW);
      const onCard = (await deliveries(store, { countyIds: ['county:郧阳区'] })).filter(
        (d) => d.contact_id === YUNYANG,
      );
      expect(onCard.map((d) => d.obligation)).toContain('L2');
      const saved = await submitSheet(
        store,
        { as: YUNYANG, ledger: 'a2', period: '2023Q1', body: A2 },
        'card',
        NOW,
      );
      expect(saved.kind).toBe('saved');

      const result = await runDueReminders(sweeper(), LATER);
      expect(result.skipped).toBe(1);
      const [card, ...more] = await cardsTo(YUNYANG);
      expect(more).toEqual([]);
      expect(card?.reply).not.toContain('附件2 省直单位定点帮扶工作情况台账');
      expect(card?.reply).toContain('附件4');
      const after = (await deliveries(store, { countyIds: ['county:郧阳区'] })).filter(
        (d) => d.contact_id === YUNYANG,
      );
      expect(after.filter((d) => d.state === 'skipped').map((d) => d.obligation)).toEqual(['L2']);
      expect(after.filter((d) => d.state === 'sent')).toHaveLength(onCard.length - 1);
    });

    it('sends a reminder queued after the card went out on a follow-up card of its own', async () => {
      // 竹山县 files 附件2 before 09:00, so its 09:05 card leaves it off.
      await fileA2(at('08:00'));
      expect((await runDueReminders(sweeper(), NOW)).sent).toBeGreaterThan(0);
      const [first] = await cardsTo(ZHUSHAN);
      expect(first?.reply).not.toContain(A2_ITEM);

      await returnA2(at('10:00'));
      const again = await runDueReminders(sweeper(), at('10:05'));
      const cards = await cardsTo(ZHUSHAN);
      expect(cards.map((c) => c.key)).toEqual([`rem:${ZHUSHAN}:2023-03-24`, `rem:${ZHUSHAN}:2023-03-24#2`]);
      expect(again.enqueued).toBeGreaterThanOrEqual(1);
      // The follow-up carries 附件2 alone, not the first card's reminders again…
      expect(cards[1]?.reply).toContain(A2_ITEM);
      expect(cards[1]?.reply).not.toContain('附件4 ');
      // …and counts the returned sheet among those not yet in.
      expect(cards[1]?.reply).toContain('未报 附件1、附件2');
      const l2 = (await deliveries(store, { countyIds: ['county:竹山县'] })).filter(
        (d) => d.contact_id === ZHUSHAN && d.obligation === 'L2',
      );
      expect(l2.map((d) => d.state)).toEqual(['sent']);
      // A later sweep of the same day finds nothing more to send.
      expect(await runDueReminders(sweeper(), at('10:10'))).toMatchObject({ enqueued: 0, sent: 0 });
    });

    it('follows up a reminder the first card left off as reported, once the sheet is returned', async () => {
      await runDueReminders(sweeper(0), NOW);
      await fileA2(at('09:06'));
      expect((await runDueReminders(sweeper(), at('09:10'))).skipped).toBe(1);
      await returnA2(at('10:00'));
      const again = await runDueReminders(sweeper(), at('10:05'));
      expect(again).toMatchObject({ sent: 1, skipped: 0 });
      const cards = await cardsTo(ZHUSHAN);
      expect(cards.map((c) => c.key)).toEqual([`rem:${ZHUSHAN}:2023-03-24`, `rem:${ZHUSHAN}:2023-03-24#2`]);
      expect(cards[0]?.reply).not.toContain(A2_ITEM);
      expect(cards[1]?.reply).toContain(A2_ITEM);
    });

    it('never has two cards of one contact going out at once: a card in flight carries what is new', async () => {
      await fileA2(at('08:00'));
      await runDueReminders(sweeper(0), NOW);
      // A sweep claims 竹山县's card and dies while sending it (the others go out).
      const console = consoleMessenger(mailboxOf(store), () => NOW);
      const dying: Messenger = {
        send: (to, reply, key) =>
          key?.startsWith(`rem:${ZHUSHAN}:`) ? new Promise(() => undefined) : console.send(to, reply, key),
      };
      void runDueReminders({ ...sweeper(), messenger: dying, worker: 'dead' }, at('09:06'));
      await expect.poll(() => claimedBy('dead')).toEqual([`rem:${ZHUSHAN}:2023-03-24`]);
      await returnA2(at('09:07'));
      // Within the lease, no follow-up goes out beside the claimed card…
      await runDueReminders(sweeper(), at('09:08'));
      expect(await cardKeys()).toEqual([`rem:${ZHUSHAN}:2023-03-24`]);
      // …and once the lease has run out, that card goes, with 附件2, and nothing follows it.
      await runDueReminders(sweeper(), at('09:20'));
      await runDueReminders(sweeper(), at('09:25'));
      const cards = await cardsTo(ZHUSHAN);
      expect(cards).toHaveLength(1);
      expect(cards[0]?.reply).toContain(A2_ITEM);
      expect(await cardKeys()).toEqual([`rem:${ZHUSHAN}:2023-03-24`]);
    });

    it('makes no follow-up for a reminder stored under another date, sweep after sweep', async () => {
      await runDueReminders(sweeper(0), NOW);
      // 竹山县's 附件2 reminder, as if stored under the day before (its date moved with the holiday calendar).
      await store.db
        .updateTable('reminders')
        .set({ planned_for: '2023-03-23' })
        .where('unit_id', '=', 'county:竹山县')
        .where('obligation', '=', 'L2')
        .execute();
      for (const time of ['09:10', '09:15', '09:20']) await runDueReminders(sweeper(), at(time));
      expect(await cardKeys()).toEqual([`rem:${ZHUSHAN}:2023-03-24`]);
      expect((await cardsTo(ZHUSHAN))[0]?.reply).not.toContain(A2_ITEM);
    });

    it('drops a card with nothing left to say instead of sending it empty', async () => {
      // A card whose only reminder is no longer in the plan (a 2019 deadline).
      await enqueue(
        store,
        {
          reminders: [
            {
              reminder_key: 'L2:2019Q1:county:郧阳区:-:county:郧阳区:before:7',
              unit_id: 'county:郧阳区',
              obligation: 'L2',
              period: '2019Q1',
              county_id: 'county:郧阳区',
              partner_id: '',
              kind: 'before',
              occurrence: 7,
              planned_for: '2023-03-23',
              due: '2019-03-31',
            },
          ],
          messages: [
            {
              message_key: `rem:${YUNYANG}:2023-03-23`,
              contact_id: YUNYANG,
              unit_id: 'county:郧阳区',
              day: '2023-03-23',
            },
          ],
        },
        new Date('2023-03-23T09:05:00+08:00'),
      );
      // Only yesterday's card is sendable before 09:00.
      const result = await runDueReminders(sweeper(), new Date('2023-03-24T08:45:00+08:00'));
      expect(result).toEqual({
        enqueued: 0,
        sent: 0,
        skipped: 1,
        failed: 0,
        announced: 0,
        digests: 0,
        readCalls: 0,
        escalated: 0,
      });
      expect(await cardsTo(YUNYANG)).toEqual([]);
      const card = await store.db
        .selectFrom('reminder_messages')
        .select(['state', 'claimed_by'])
        .where('message_key', '=', `rem:${YUNYANG}:2023-03-23`)
        .executeTakeFirstOrThrow();
      expect(card).toEqual({ state: 'skipped', claimed_by: null });
    });
  });
});
