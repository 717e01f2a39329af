// The console's receipts: its mail counts as read once its person opens the inbox, and 提醒记录
// shows the console's own reminders as 未读, then 已读, as it does for the platforms.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleMessenger, consoleReceipts, readInbox } from '../../src/channels/console/inbox.ts';
import { routeMessengers } from '../../src/conversation/messengers.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders, type SweepDeps } from '../../src/reminders/sweep.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { demoUser } from '../support/bot.ts';
import { demoStore, type TempDb } from '../support/demo-store.ts';

const at = (local: string) => new Date(`${local}+08:00`);
const SENT = at('2023-04-03T09:05:00');

let store: OpenedStore;
let db: TempDb;
beforeEach(async () => {
  ({ store, db } = await demoStore());
});
afterEach(async () => {
  await store.close();
  db.cleanup();
});

function deps(now: Date): SweepDeps {
  const mailbox = mailboxOf(store);
  return {
    store,
    messenger: routeMessengers({ console: consoleMessenger(mailbox, () => now) }),
    worker: 'a',
    calendar: workCalendar([]),
    settings: DEFAULT_REMINDER_SETTINGS,
    receipts: { console: consoleReceipts(mailbox, () => now) },
  };
}

async function logLines(userId: string, now: Date): Promise<string[]> {
  const { dispatch } = await import('../../src/bot/dispatch.ts');
  const { consoleBot } = await import('../support/bot.ts');
  const response = await dispatch(
    {
      kind: 'message',
      id: `log-${now.getTime()}`,
      sender: { platform: 'console', userId },
      conversation: { id: 'p', kind: 'direct', mentioned: false },
      text: '提醒记录',
    },
    consoleBot(store, () => now),
  );
  return response.replies.flatMap((r) =>
    r.kind === 'card' ? r.card.blocks.flatMap((b) => (b.kind === 'text' ? b.text.split('\n') : [])) : [],
  );
}

describe('console receipts', () => {
  it('marks a card read when its person opens the inbox, and 提醒记录 says so', async () => {
    const userId = demoUser('county', '竹山县');
    await runDueReminders(deps(SENT), SENT);
    const card = await store.db
      .selectFrom('reminder_messages')
      .selectAll()
      .where('unit_id', '=', 'county:竹山县')
      .where('day', '=', '2023-04-03')
      .executeTakeFirstOrThrow();
    // The console's id for a card is its mail's key.
    expect(card.platform_message_id).toBe(card.message_key);

    const asked = await runDueReminders(deps(at('2023-04-03T10:10:00')), at('2023-04-03T10:10:00'));
    expect(asked.readCalls).toBeGreaterThan(0);
    const mine = (lines: string[]) => lines.filter((l) => l.includes('竹山县·') && l.includes('逾期'));
    const before = mine(await logLines(userId, at('2023-04-03T10:11:00')));
    expect(before.length).toBeGreaterThan(0);
    for (const line of before) expect(line).toMatch(/未读$/);

    // Opening the inbox reads what is in it.
    const inbox = await readInbox(
      mailboxOf(store),
      { kind: 'user', platform: 'console', userId },
      '',
      at('2023-04-03T10:20:00'),
    );
    expect(inbox.some((m) => m.key === card.message_key)).toBe(true);
    await runDueReminders(deps(at('2023-04-03T11:15:00')), at('2023-04-03T11:15:00'));
    const after = mine(await logLines(userId, at('2023-04-03T11:16:00')));
    expect(after.length).toBe(before.length);
    for (const line of after) expect(line).toMatch(/已读$/);
  });
});
