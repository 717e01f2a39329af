// A reminder is queued once for the unit it reminds and a card once for each of the unit's contacts;
// what a card carries is decided when it goes out, and 提醒记录 shows what each card carried.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitSheet } from '../../src/app/submit.ts';
import { isWorkday } from '../../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders, type SweepDeps } from '../../src/reminders/sweep.ts';
import { consoleMessenger } from '../../src/store/console-inbox.ts';
import { deliveries, enqueue } from '../../src/store/outbox-repo.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { demoMobile, demoStore, root, type TempDb } from '../support/demo-store.ts';

// 2023-03-24 is a Friday, 7 days before the March 31 deadlines.
const NOW = new Date('2023-03-24T09:05:00+08:00');
const LATER = new Date(NOW.getTime() + 5 * 60_000);
const YUNYANG = demoMobile('county', '郧阳区');
const A2: unknown = JSON.parse(readFileSync(root('test/fixtures/a2-yunyang.json'), 'utf8'));

let store: SqliteStore;
let db: TempDb;
beforeEach(async () => {
  ({ store, db } = await demoStore());
});
afterEach(async () => {
  await store.close();
  db.cleanup();
});

function sweeper(batch = DEFAULT_REMINDER_SETTINGS.batch): SweepDeps {
  return {
    store,
    messenger: consoleMessenger(store, () => NOW),
    worker: 'w',
    isWorkday,
    settings: { ...DEFAULT_REMINDER_SETTINGS, batch },
  };
}

const cardsTo = async (contact: string) =>
  (await store.db.selectFrom('console_inbox').select(['key', 'reply']).execute()).filter((m) =>
    m.key.startsWith(`rem:${contact}:`),
  );

describe('the reminder outbox', () => {
  it('stores each reminder once for its unit, and the cards carry it to every contact', async () => {
    const queued = await runDueReminders(sweeper(0), NOW);
    const reminders = await store.db.selectFrom('reminders').select(['reminder_key', 'unit_id']).execute();
    const cards = await store.db.selectFrom('reminder_messages').select(['contact_id', 'unit_id']).execute();
    expect(queued.enqueued).toBe(cards.length);
    expect(new Set(reminders.map((r) => r.reminder_key)).size).toBe(reminders.length);
    const shown = await deliveries(store);
    // Each reminder on the card of every contact of its unit, and on no other.
    const contactsOf = (unit: string) => cards.filter((c) => c.unit_id === unit).length;
    expect(shown).toHaveLength(reminders.reduce((n, r) => n + contactsOf(r.unit_id), 0));
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
    expect(result).toEqual({ enqueued: 0, sent: 0, skipped: 1, failed: 0 });
    expect(await cardsTo(YUNYANG)).toEqual([]);
    const card = await store.db
      .selectFrom('reminder_messages')
      .select(['state', 'claimed_by'])
      .where('message_key', '=', `rem:${YUNYANG}:2023-03-23`)
      .executeTakeFirstOrThrow();
    expect(card).toEqual({ state: 'skipped', claimed_by: null });
  });
});
