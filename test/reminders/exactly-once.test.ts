import { describe, expect, it } from 'vitest';
import { consoleMessenger } from '../../src/channels/console/inbox.ts';
import type { Messenger } from '../../src/conversation/model.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders, type SweepDeps } from '../../src/reminders/sweep.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { claimMessage, sendableMessages } from '../../src/store/outbox-repo.ts';
import { eachBackend, storeEachTestOn, type TestDb } from '../support/backends.ts';

// 2023-03-24 is a Friday, 7 days before the March 31 deadlines.
const NOW = new Date('2023-03-24T09:05:00+08:00');

let store: OpenedStore;
let db: TestDb;
eachBackend((backend) => {
  storeEachTestOn(backend, (s, d) => {
    store = s;
    db = d;
  });

  function sweeper(
    s: OpenedStore,
    worker: string,
    messenger: Messenger = consoleMessenger(mailboxOf(s), () => NOW),
  ): SweepDeps {
    return { store: s, messenger, worker, calendar: workCalendar([]), settings: DEFAULT_REMINDER_SETTINGS };
  }

  async function inboxCount(): Promise<number> {
    return (await store.db.selectFrom('console_inbox').select('key').execute()).length;
  }

  describe('each reminder goes out once', () => {
    it('two sweeps racing on the same database (two connections) send each message once', async () => {
      const other = await db.open();
      try {
        const [a, b] = await Promise.all([
          runDueReminders(sweeper(store, 'a'), NOW),
          runDueReminders(sweeper(other, 'b'), NOW),
        ]);
        const messages = await inboxCount();
        expect(messages).toBeGreaterThan(37);
        expect(a.sent + b.sent).toBe(messages);
        const rows = await store.db
          .selectFrom('reminder_messages')
          .select(['state', 'message_key'])
          .execute();
        expect(rows.every((r) => r.state === 'sent')).toBe(true);
        expect(new Set(rows.map((r) => r.message_key)).size).toBe(messages);
        // Each card is counted by the sweep that queued it, never by both.
        expect(a.enqueued + b.enqueued).toBe(rows.length);
        // A third sweep the same morning finds nothing new.
        expect(await runDueReminders(sweeper(store, 'c'), new Date(NOW.getTime() + 600_000))).toEqual({
          enqueued: 0,
          sent: 0,
          skipped: 0,
          failed: 0,
          announced: 0,
          digests: 0,
          readCalls: 0,
          escalated: 0,
        });
      } finally {
        await other.close();
      }
    });

    it('a sweep killed after claiming is finished by the next sweep once its lease runs out', async () => {
      // The first sweep plans and claims, then dies before sending (a messenger that never returns stands
      // for the killed process: nothing after the claim runs).
      const dead: Messenger = { send: () => new Promise(() => undefined) };
      void runDueReminders(sweeper(store, 'dead', dead), NOW);
      await new Promise((r) => setTimeout(r, 500));
      const claimed = await store.db
        .selectFrom('reminder_messages')
        .select('claimed_by')
        .where('claimed_by', '=', 'dead')
        .execute();
      expect(claimed.length).toBeGreaterThan(0);
      // Within the lease another sweep leaves the claimed message alone…
      const soon = new Date(NOW.getTime() + 60_000);
      const during = await runDueReminders(sweeper(store, 'b'), soon);
      // …and after it, sends it once.
      const later = new Date(NOW.getTime() + 11 * 60_000);
      const after = await runDueReminders(sweeper(store, 'c'), later);
      expect(during.sent + after.sent).toBe(await inboxCount());
      expect(
        (
          await store.db
            .selectFrom('reminder_messages')
            .select('state')
            .where('state', '!=', 'sent')
            .execute()
        ).length,
      ).toBe(0);
    });

    it('a failed send is kept and retried with backoff, never lost', async () => {
      let failures = 3;
      const console = consoleMessenger(mailboxOf(store), () => NOW);
      const flaky: Messenger = {
        async send(to, reply, key) {
          if (failures > 0) {
            failures -= 1;
            throw new Error('HTTP 503');
          }
          return console.send(to, reply, key);
        },
      };
      const first = await runDueReminders(sweeper(store, 'a', flaky), NOW);
      expect(first.failed).toBe(3);
      const retried = await store.db
        .selectFrom('reminder_messages')
        .select(['attempts', 'next_attempt_at', 'last_error'])
        .where('attempts', '>', 0)
        .execute();
      expect(retried.length).toBeGreaterThanOrEqual(3);
      expect(retried.every((r) => r.last_error === 'HTTP 503' && r.next_attempt_at > NOW.toISOString())).toBe(
        true,
      );
      expect(await sendableMessages(store, NOW, NOW, 10)).toEqual([]);
      const later = await runDueReminders(sweeper(store, 'b', flaky), new Date(NOW.getTime() + 3 * 60_000));
      expect(later.sent).toBe(3);
      expect(
        (
          await store.db
            .selectFrom('reminder_messages')
            .select('state')
            .where('state', '=', 'pending')
            .execute()
        ).length,
      ).toBe(0);
      expect(first.sent + later.sent).toBe(await inboxCount());
    });

    it('sends nothing outside 08:30–18:00 or on a rest day', async () => {
      expect(await runDueReminders(sweeper(store, 'a'), new Date('2023-03-24T07:00:00+08:00'))).toEqual({
        enqueued: 0,
        sent: 0,
        skipped: 0,
        failed: 0,
        announced: 0,
        digests: 0,
        readCalls: 0,
        escalated: 0,
      });
      expect(await runDueReminders(sweeper(store, 'a'), new Date('2023-03-24T19:00:00+08:00'))).toEqual({
        enqueued: 0,
        sent: 0,
        skipped: 0,
        failed: 0,
        announced: 0,
        digests: 0,
        readCalls: 0,
        escalated: 0,
      });
      expect(await runDueReminders(sweeper(store, 'a'), new Date('2023-03-25T10:00:00+08:00'))).toEqual({
        enqueued: 0,
        sent: 0,
        skipped: 0,
        failed: 0,
        announced: 0,
        digests: 0,
        readCalls: 0,
        escalated: 0,
      });
      expect(await inboxCount()).toBe(0);
    });

    it('catches up a missed 09:00 later the same day', async () => {
      const late = await runDueReminders(sweeper(store, 'a'), new Date('2023-03-24T15:30:00+08:00'));
      expect(late.sent).toBeGreaterThan(37);
    });

    it('claims by compare-and-set: a live claim cannot be taken', async () => {
      await runDueReminders(
        { ...sweeper(store, 'x'), settings: { ...DEFAULT_REMINDER_SETTINGS, batch: 0 } },
        NOW,
      );
      const [key] = await sendableMessages(store, NOW, NOW, 1);
      expect(key).toBeDefined();
      const lease = new Date(NOW.getTime() - 600_000);
      expect(await claimMessage(store, key ?? '', 'p', NOW, lease)).toBe(true);
      expect(await claimMessage(store, key ?? '', 'q', NOW, lease)).toBe(false);
    });
  });

  describe('提醒记录', () => {
    it('shows a unit what went to its scope, and why it is not sent once reported', async () => {
      const { dispatch } = await import('../../src/bot/dispatch.ts');
      const { consoleBot, demoUser } = await import('../support/bot.ts');
      await runDueReminders(sweeper(store, 'a'), NOW);
      const response = await dispatch(
        {
          kind: 'message',
          id: 'log1',
          sender: { platform: 'console', userId: demoUser('lead_unit', '省委宣传部') },
          conversation: { id: 'p', kind: 'direct', mentioned: false },
          text: '提醒记录',
        },
        consoleBot(store, () => NOW),
      );
      const card = response.replies[0];
      const text = card?.kind === 'card' ? JSON.stringify(card.card.blocks) : '';
      expect(text).toContain('2023-03-24 竹山县');
      expect(text).toContain('截止前 已送达');
      expect(text).not.toContain('郧西县');
    });
  });
});
