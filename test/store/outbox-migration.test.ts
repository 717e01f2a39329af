// Migration 0011 moves the one-row-per-reminder-and-contact outbox into reminders and cards without
// losing what was queued, sent or skipped.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries } from '../../src/store/outbox-repo.ts';
import { eachBackend, type TestDb } from '../support/backends.ts';
import { MIGRATIONS } from '../support/demo-store.ts';

const BEFORE = MIGRATIONS.filter((m) => m.name < '0011');

/** An old outbox row: reminder `n` of 竹山县 for `contact` on 2023-03-24. */
function row(n: number, contact: string, state: string, extra: Record<string, string | number> = {}) {
  return {
    reminder_key: `L${n}:2023Q1:county:竹山县:-:county:竹山县:before:7`,
    contact_id: contact,
    message_key: `rem:${contact}:2023-03-24`,
    unit_id: 'county:竹山县',
    obligation: `L${n}`,
    period: '2023Q1',
    county_id: 'county:竹山县',
    partner_id: '',
    kind: 'before',
    occurrence: 7,
    planned_for: '2023-03-24',
    due: '2023-03-31',
    state,
    next_attempt_at: '2023-03-24T01:05:00.000Z',
    created_at: '2023-03-24T01:05:00.000Z',
    ...extra,
  };
}

eachBackend((backend) => {
  let db: TestDb;
  beforeEach(async () => {
    db = await backend.createEmpty();
  });
  afterEach(() => db.cleanup());

  describe('migration 0011', () => {
    it('keeps every reminder once, every card once, and what each card carried', async () => {
      const old = await db.open(BEFORE);
      const rows = [
        // c1's card went out with L1 and L2; L3 had been reported meanwhile.
        row(1, 'c1', 'sent', { sent_at: '2023-03-24T01:06:00.000Z' }),
        row(2, 'c1', 'sent', { sent_at: '2023-03-24T01:06:00.000Z' }),
        row(3, 'c1', 'skipped'),
        // c2's card failed twice and waits for its retry.
        row(1, 'c2', 'pending', { attempts: 2, last_error: 'HTTP 503' }),
        row(2, 'c2', 'pending', { attempts: 2, last_error: 'HTTP 503' }),
        row(3, 'c2', 'skipped'),
        // c3's card went out with L1; L2 was queued after it and waits.
        row(1, 'c3', 'sent', { sent_at: '2023-03-24T01:06:00.000Z' }),
        row(2, 'c3', 'pending', { created_at: '2023-03-24T02:05:00.000Z' }),
        row(3, 'c3', 'skipped'),
      ];
      for (const r of rows)
        await sql`INSERT INTO reminder_outbox ${sql.raw(`(${Object.keys(r).join(', ')})`)} VALUES (${sql.join(Object.values(r))})`.execute(
          old.db,
        );
      await old.close();

      // Read back by today's code, so with the migrations since (0014 adds the cards' receipts).
      const store = await db.open(MIGRATIONS);
      try {
        expect(store.migrated[0]).toBe('0011_reminder_messages.sql');
        const reminders = await store.db
          .selectFrom('reminders')
          .select('reminder_key')
          .orderBy('reminder_key')
          .execute();
        expect(reminders.map((r) => r.reminder_key.slice(0, 2))).toEqual(['L1', 'L2', 'L3']);
        const cards = await store.db
          .selectFrom('reminder_messages')
          .select(['message_key', 'contact_id', 'state', 'attempts', 'last_error', 'sent_items'])
          .orderBy('message_key')
          .execute();
        expect(cards).toEqual([
          {
            message_key: 'rem:c1:2023-03-24',
            contact_id: 'c1',
            state: 'sent',
            attempts: 0,
            last_error: null,
            sent_items: expect.any(String),
          },
          {
            message_key: 'rem:c2:2023-03-24',
            contact_id: 'c2',
            state: 'pending',
            attempts: 2,
            last_error: 'HTTP 503',
            sent_items: null,
          },
          {
            message_key: 'rem:c3:2023-03-24',
            contact_id: 'c3',
            state: 'sent',
            attempts: 0,
            last_error: null,
            sent_items: JSON.stringify([rows[6]?.reminder_key]),
          },
          // The reminder queued after c3's card went out waits on a follow-up card of its own.
          {
            message_key: 'rem:c3:2023-03-24#2',
            contact_id: 'c3',
            state: 'pending',
            attempts: 0,
            last_error: null,
            sent_items: null,
          },
        ]);
        expect((JSON.parse(cards[0]?.sent_items ?? '[]') as string[]).sort()).toEqual([
          rows[0]?.reminder_key,
          rows[1]?.reminder_key,
        ]);
        const shown = await deliveries(store);
        // c2's card is still to go: each of its reminders is checked again when it does.
        expect(shown.map((d) => `${d.contact_id} ${d.obligation} ${d.state}`).sort()).toEqual([
          'c1 L1 sent',
          'c1 L2 sent',
          'c1 L3 skipped',
          'c2 L1 pending',
          'c2 L2 pending',
          'c2 L3 pending',
          'c3 L1 sent',
          'c3 L2 pending',
          'c3 L3 pending',
        ]);
      } finally {
        await store.close();
      }
    });
  });
});
