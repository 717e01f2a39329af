// The weekly digest: which days it goes (from the declared deadlines and the work calendar), and the
// sweep sending it once a week to the bureau's and each city's contacts with their own scope — also
// when two instances sweep the same database at once — never on a rest day, once after a deadline.
import { describe, expect, it } from 'vitest';
import { digestsFor } from '../../src/app/digest.ts';
import { reviewSheet } from '../../src/app/review.ts';
import { submitSheet } from '../../src/app/submit.ts';
import { consoleMessenger } from '../../src/channels/console/inbox.ts';
import type { Card, Messenger, Recipient, Reply } from '../../src/conversation/model.ts';
import { addDays } from '../../src/domain/clock.ts';
import { digestOccasion } from '../../src/domain/digest-days.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders, type SweepDeps } from '../../src/reminders/sweep.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { recordReading } from '../../src/store/receipts-repo.ts';
import { loadRoster } from '../../src/store/roster-repo.ts';
import { understand } from '../../src/understanding/understand.ts';
import { eachBackend, storeEachTestOn, type TestDb } from '../support/backends.ts';
import { CONTACTS_CSV, demoMobile } from '../support/demo-store.ts';
import { a2Body } from '../support/sheets.ts';
import { askerOf, DEMO_LEXICON } from '../understanding/support.ts';

const calendar = workCalendar([]);
const { isWorkday } = calendar;

/** The demo contacts who receive the digest: the bureau's and the cities'. */
const RECIPIENTS = CONTACTS_CSV.split('\n')
  .filter((l) => l.startsWith('bureau,') || l.startsWith('city,'))
  .map((l) => ({ kind: l.split(',')[0], unit: l.split(',')[1], userId: l.split(',')[5] ?? '' }));

describe('the days a digest goes', () => {
  const days = (from: string, to: string) => {
    const found: { date: string; reason: string; keys: string[] }[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const o = digestOccasion(d, isWorkday);
      if (o) found.push({ date: d, reason: o.reason, keys: o.keys });
    }
    return found;
  };

  it('on the first workday of each week that starts in a deadline’s month, and the first workday after it', () => {
    expect(days('2023-02-01', '2023-04-30')).toEqual([
      { date: '2023-03-06', reason: 'weekly', keys: ['week:2023-03-06'] },
      { date: '2023-03-13', reason: 'weekly', keys: ['week:2023-03-13'] },
      { date: '2023-03-20', reason: 'weekly', keys: ['week:2023-03-20'] },
      { date: '2023-03-27', reason: 'weekly', keys: ['week:2023-03-27'] },
      // 03-31 is a Friday: the next Monday is both the week's and the deadline's.
      { date: '2023-04-03', reason: 'after_deadline', keys: ['week:2023-04-03', 'after:2023-03-31'] },
    ]);
  });

  it('never on a rest day: after National Day the make-up Saturday is the first workday', () => {
    // 2023-09-30 (Q3's end) is a Saturday inside the 09-29…10-06 holiday; 10-07 is a make-up workday.
    const autumn = days('2023-09-25', '2023-10-15');
    expect(autumn.map((d) => d.date)).toEqual(['2023-09-25', '2023-10-07']);
    expect(autumn[1]).toEqual({
      date: '2023-10-07',
      reason: 'after_deadline',
      keys: ['week:2023-10-02', 'after:2023-09-30'],
    });
    expect(autumn.every((d) => isWorkday(d.date))).toBe(true);
    // The year's last deadline (a Sunday) is followed by New Year's Day: the digest waits for 01-02.
    expect(days('2023-12-30', '2024-01-07').map((d) => d.date)).toEqual(['2024-01-02']);
  });

  it('a deadline on a Wednesday is followed by its own digest on Thursday, besides Monday’s', () => {
    // 2027-06-30 (Q2's end) is a Wednesday.
    const june = days('2027-06-28', '2027-07-04');
    expect(june.map((d) => `${d.date}:${d.reason}`)).toEqual([
      '2027-06-28:weekly',
      '2027-07-01:after_deadline',
    ]);
  });
});

let store: OpenedStore;
let db: TestDb;
eachBackend((backend) => {
  storeEachTestOn(backend, (s, d) => {
    store = s;
    db = d;
  });

  /** A console messenger that also counts what it was asked to send (the mailbox keeps one per key). */
  function counted(s: OpenedStore, now: () => Date) {
    const sent: { to: Recipient; reply: Reply; key: string }[] = [];
    const console = consoleMessenger(mailboxOf(s), now);
    const messenger: Messenger = {
      async send(to, reply, key) {
        sent.push({ to, reply, key });
        return console.send(to, reply, key);
      },
    };
    return { sent, messenger };
  }

  const sweeper = (s: OpenedStore, worker: string, messenger: Messenger): SweepDeps => ({
    store: s,
    messenger,
    worker,
    calendar,
    settings: DEFAULT_REMINDER_SETTINGS,
  });

  const digestsIn = (sent: { to: Recipient; reply: Reply; key: string }[]) =>
    sent.filter((m) => m.key.startsWith('digest:'));
  const cardOf = (m: { reply: Reply }): Card => {
    if (m.reply.kind !== 'card') throw new Error('not a card');
    return m.reply.card;
  };
  const textOf = (card: Card) =>
    card.blocks.map((b) => (b.kind === 'text' || b.kind === 'note' ? b.text : JSON.stringify(b))).join('\n');

  describe('the digest from the sweep', () => {
    it('goes once a week to the bureau and each city, also from two instances sweeping together', async () => {
      const monday = new Date('2023-03-27T09:05:00+08:00');
      const other = await db.open();
      try {
        const a = counted(store, () => monday);
        const b = counted(other, () => monday);
        const [ra, rb] = await Promise.all([
          runDueReminders(sweeper(store, 'a', a.messenger), monday),
          runDueReminders(sweeper(other, 'b', b.messenger), monday),
        ]);
        const all = [...digestsIn(a.sent), ...digestsIn(b.sent)];
        expect(ra.digests + rb.digests).toBe(RECIPIENTS.length);
        expect(all.map((m) => (m.to.kind === 'user' ? m.to.userId : '')).sort()).toEqual(
          RECIPIENTS.map((r) => r.userId).sort(),
        );
        // Later sweeps of the day and of the week send none again.
        const c = counted(store, () => monday);
        for (const at of [
          '2023-03-27T11:00:00+08:00',
          '2023-03-28T09:05:00+08:00',
          '2023-03-29T09:05:00+08:00',
        ])
          expect((await runDueReminders(sweeper(store, 'c', c.messenger), new Date(at))).digests).toBe(0);
        expect(digestsIn(c.sent)).toEqual([]);
      } finally {
        await other.close();
      }
    });

    it('a city sees its own counties only; the bureau sees every city; the lists open in the asker’s scope', async () => {
      // 竹山县 (十堰市) reports 附件2; its lead unit returns it: one returned sheet in 十堰市.
      const saved = await submitSheet(
        store,
        {
          as: demoMobile('county', '竹山县'),
          ledger: 'a4',
          period: '2023Q1',
          body: { reporter: '测试 170', rows: [] },
        },
        'card',
        new Date('2023-03-20T10:00:00+08:00'),
      );
      expect(saved.kind).toBe('saved');
      const after = new Date('2023-04-03T09:05:00+08:00');
      const { sent, messenger } = counted(store, () => after);
      const result = await runDueReminders(sweeper(store, 'a', messenger), after);
      expect(result.digests).toBe(RECIPIENTS.length);
      const byUser = new Map(
        digestsIn(sent).map((m) => [m.to.kind === 'user' ? m.to.userId : '', cardOf(m)]),
      );
      const bureau = byUser.get(RECIPIENTS.find((r) => r.kind === 'bureau')?.userId ?? '');
      const shiyan = byUser.get(RECIPIENTS.find((r) => r.unit === '十堰市')?.userId ?? '');
      if (!bureau || !shiyan) throw new Error('no digest for the bureau or 十堰市');
      expect(bureau.title).toBe('2023年第一季度 截止后报送情况');
      expect(textOf(bureau)).toContain('为什么收到：截止日后第一个工作日');
      expect(textOf(bureau)).toMatch(/逾期未报（按市州）：.*十堰市\d+项/);
      expect(textOf(bureau)).toMatch(/逾期未报（按市州）：.*恩施州\d+项/);
      expect(textOf(shiyan)).toMatch(/逾期未报（按县）：/);
      expect(textOf(shiyan)).toContain('郧西县');
      expect(textOf(shiyan)).not.toContain('恩施');
      expect(textOf(shiyan)).not.toContain('宜昌');
      // Completion by obligation: 竹山县's 附件4 counts among 十堰市's reported.
      const fields = shiyan.blocks.find((b) => b.kind === 'fields');
      const bureauFields = bureau.blocks.find((b) => b.kind === 'fields');
      if (fields?.kind !== 'fields' || bureauFields?.kind !== 'fields') throw new Error('no fields');
      const owed = (f: typeof fields) => Number(f.fields.find((x) => x.label === '应报')?.value);
      expect(owed(fields)).toBeGreaterThan(0);
      expect(owed(fields)).toBeLessThan(owed(bureauFields));
      expect(fields.fields.find((x) => x.label === '已报')?.value).toBe('1');
      // Today's cards are not asked about yet: none is known to be unread.
      expect(fields.fields.find((x) => x.label === '未读提醒')?.value).toBe('0');
      expect(shiyan.blocks.some((b) => b.kind === 'chart')).toBe(true);
      // The buttons say what a person would type, and read back as the lists they name.
      const buttons = shiyan.blocks.flatMap((b) => (b.kind === 'buttons' ? b.buttons : []));
      expect(buttons.map((b) => b.label)).toContain('谁还没报');
      const read = (text: string) =>
        understand(text, { lexicon: DEMO_LEXICON, asker: askerOf('city'), now: after });
      const unreported = buttons.find((b) => b.label === '谁还没报')?.action.text ?? '';
      expect(read(unreported)).toMatchObject({ intent: 'unreported', filter: 'unreported', city: null });
      expect(read(unreported).period).toEqual({ year: 2023, quarter: 1 });
    });

    it('counts the reminders the platforms said were unread, in each recipient’s scope', async () => {
      // Tuesday's reminder cards (three days before the deadline) go out; the platforms later say none
      // of them was read.
      const tuesday = new Date('2023-03-28T09:05:00+08:00');
      await runDueReminders(sweeper(store, 'a', counted(store, () => tuesday).messenger), tuesday);
      const cards = await store.db.selectFrom('reminder_messages').select('message_key').execute();
      expect(cards.length).toBeGreaterThan(0);
      const keys = cards.map((c) => c.message_key);
      await recordReading(store, keys, 'unread', new Date('2023-03-29T10:00:00+08:00'));
      /** What each recipient's digest of that morning's sweep says is unread. */
      const unreadOn = async (at: Date) => {
        const { sent, messenger } = counted(store, () => at);
        await runDueReminders(sweeper(store, 'b', messenger), at);
        return (unit: string) => {
          const userId = RECIPIENTS.find((r) => r.unit === unit)?.userId;
          const card = digestsIn(sent).find((m) => m.to.kind === 'user' && m.to.userId === userId);
          const fields = card ? cardOf(card).blocks.find((b) => b.kind === 'fields') : undefined;
          if (fields?.kind !== 'fields') throw new Error(`no digest for ${unit}`);
          return Number(fields.fields.find((x) => x.label === '未读提醒')?.value);
        };
      };
      const bureauUnit = RECIPIENTS.find((r) => r.kind === 'bureau')?.unit ?? '';
      const unread = await unreadOn(new Date('2023-04-03T09:05:00+08:00'));
      expect(unread('十堰市')).toBeGreaterThan(0);
      expect(unread(bureauUnit)).toBeGreaterThan(unread('十堰市'));
      expect(unread(bureauUnit)).toBeLessThanOrEqual(keys.length);
      // Once read, they are no longer counted.
      const roster = await loadRoster(store);
      const bureau = roster.units.filter((u) => u.kind === 'bureau');
      const later = new Date('2023-04-03T12:00:00+08:00');
      const unreadNow = async () =>
        (await digestsFor(store, roster, bureau, { year: 2023, quarter: 1 }, later))[0]?.unread;
      expect(await unreadNow()).toBe(unread(bureauUnit));
      await recordReading(store, keys, 'read', new Date('2023-04-03T11:00:00+08:00'));
      expect(await unreadNow()).toBe(0);
    });

    it('names returned sheets and offers their list', async () => {
      const as = demoMobile('county', '竹山县');
      const a2 = a2Body('省委宣传部');
      const at = new Date('2023-03-21T10:00:00+08:00');
      expect(
        (await submitSheet(store, { as, ledger: 'a2', period: '2023Q1', body: a2 }, 'card', at)).kind,
      ).toBe('saved');
      const returned = await reviewSheet(
        store,
        {
          as: demoMobile('lead_unit', '省委宣传部'),
          ledger: 'a2',
          period: '2023Q1',
          county: '竹山县',
          revision: 1,
          decision: 'return',
          reason: '资金数有误',
        },
        at,
      );
      expect(returned.ok).toBe(true);
      const monday = new Date('2023-03-27T09:05:00+08:00');
      const { sent, messenger } = counted(store, () => monday);
      await runDueReminders(sweeper(store, 'a', messenger), monday);
      const shiyan = digestsIn(sent)
        .filter(
          (m) => m.to.kind === 'user' && m.to.userId === RECIPIENTS.find((r) => r.unit === '十堰市')?.userId,
        )
        .map(cardOf)[0];
      const xiangyang = digestsIn(sent)
        .filter(
          (m) => m.to.kind === 'user' && m.to.userId === RECIPIENTS.find((r) => r.unit === '襄阳市')?.userId,
        )
        .map(cardOf)[0];
      if (!shiyan || !xiangyang) throw new Error('no digest for 十堰市 or 襄阳市');
      expect(shiyan.title).toBe('2023年第一季度 本周报送情况');
      expect(textOf(shiyan)).toContain('退回修改、等待重报：竹山县·附件2 省直定点帮扶');
      expect(textOf(xiangyang)).not.toContain('竹山县');
      const button = shiyan.blocks
        .flatMap((b) => (b.kind === 'buttons' ? b.buttons : []))
        .find((b) => b.label === '退回的有哪些');
      const read = understand(button?.action.text ?? '', {
        lexicon: DEMO_LEXICON,
        asker: askerOf('city'),
        now: monday,
      });
      expect(read).toMatchObject({ intent: 'unreported', filter: 'returned' });
    });

    it('sends nothing on a rest day nor on a workday that opens no digest', async () => {
      const { sent, messenger } = counted(store, () => new Date());
      for (const at of [
        '2023-04-01T10:00:00+08:00',
        '2023-04-02T10:00:00+08:00',
        '2023-03-24T10:00:00+08:00',
      ])
        await runDueReminders(sweeper(store, 'a', messenger), new Date(at));
      expect(digestsIn(sent)).toEqual([]);
    });

    it('a sweep that died holding a claim is taken over once its lease runs out, not before', async () => {
      const monday = new Date('2023-03-27T09:05:00+08:00');
      // A messenger that never returns stands for a process killed after claiming its first digest.
      const dead: Messenger = {
        send: (_to, _reply, key) =>
          key.startsWith('digest:') ? new Promise(() => undefined) : Promise.resolve(undefined),
      };
      void runDueReminders(sweeper(store, 'dead', dead), monday);
      await expect
        .poll(async () =>
          (await store.db.selectFrom('announcements').select('sent_at').execute()).filter((r) =>
            r.sent_at.startsWith('claimed:'),
          ),
        )
        .toHaveLength(1);
      const during = counted(store, () => monday);
      await runDueReminders(sweeper(store, 'b', during.messenger), new Date(monday.getTime() + 60_000));
      expect(digestsIn(during.sent)).toHaveLength(RECIPIENTS.length - 1);
      const after = counted(store, () => monday);
      await runDueReminders(sweeper(store, 'c', after.messenger), new Date(monday.getTime() + 11 * 60_000));
      expect(digestsIn(after.sent)).toHaveLength(1);
      const rows = await store.db.selectFrom('announcements').select('sent_at').execute();
      expect(rows.filter((r) => r.sent_at.startsWith('claimed:'))).toEqual([]);
    });

    it('a failed send is given back and sent by a later sweep, once', async () => {
      const monday = new Date('2023-03-27T09:05:00+08:00');
      const good = counted(store, () => monday);
      let failures = 2;
      const flaky: Messenger = {
        async send(to, reply, key) {
          if (key.startsWith('digest:') && failures > 0) {
            failures -= 1;
            throw new Error('HTTP 503');
          }
          return good.messenger.send(to, reply, key);
        },
      };
      const first = await runDueReminders(sweeper(store, 'a', flaky), monday);
      expect(first.digests).toBe(RECIPIENTS.length - 2);
      const later = await runDueReminders(sweeper(store, 'b', flaky), new Date(monday.getTime() + 300_000));
      expect(later.digests).toBe(2);
      expect(new Set(digestsIn(good.sent).map((m) => m.key)).size).toBe(RECIPIENTS.length);
      expect(digestsIn(good.sent)).toHaveLength(RECIPIENTS.length);
    });
  });
});
