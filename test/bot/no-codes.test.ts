// No internal code on anything a person reads: every card and text the corpus's messages produce,
// for every role, and every reminder card of a morning's sweep, are walked for codes such as L2, M1,
// D1, R5 or a2 (the ids the declarations use internally).
import { describe, expect, it } from 'vitest';
import type { BotDeps } from '../../src/bot/deps.ts';
import { consoleMessenger, readInbox } from '../../src/channels/console/inbox.ts';
import { replyText } from '../../src/conversation/reply-text.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders } from '../../src/reminders/sweep.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { consoleBot, demoUser, say } from '../support/bot.ts';
import { storeEachTest } from '../support/demo-store.ts';
import { CORPUS, type Role } from '../understanding/corpus.ts';

const CODE = /(?<![A-Za-z0-9])(L[1-5]|M[1-3]|D[12]|R[1-9]\d?|a[1-7])(?![A-Za-z0-9])/;
const NOW = new Date('2023-03-28T02:00:00Z');
const PEOPLE: Record<Role, () => string> = {
  county: () => demoUser('county', '郧西县'),
  lead_unit: () => demoUser('lead_unit', '省委宣传部'),
  city: () => demoUser('city', '十堰市'),
  bureau: () => demoUser('bureau', '省乡村振兴局'),
};

let store: OpenedStore;
let bot: BotDeps;
storeEachTest((s) => {
  store = s;
  bot = consoleBot(store, () => NOW);
});

describe('no internal codes', () => {
  it('in any answer to the corpus, for any role', async () => {
    const seen: string[] = [];
    for (const c of CORPUS) {
      // Actions that change things (封账, 催报) are read, not done: the corpus is about reading.
      if (['close', 'reopen', 'nudge', 'export'].includes(c.intent)) continue;
      const response = await say(bot, PEOPLE[c.as](), c.text);
      for (const reply of [...response.replies, ...(response.privateReplies ?? [])]) {
        const text = replyText(reply);
        seen.push(text);
        expect(text, `${c.as}: ${c.text}`).not.toMatch(CODE);
      }
    }
    expect(seen.length).toBeGreaterThan(200);
  }, 120_000);

  it('on the reminder cards of a morning', async () => {
    const morning = new Date('2023-03-24T01:05:00Z');
    await runDueReminders(
      {
        store,
        messenger: consoleMessenger(mailboxOf(store), () => morning),
        worker: 'test',
        calendar: workCalendar([]),
        settings: DEFAULT_REMINDER_SETTINGS,
      },
      morning,
    );
    const inbox = await readInbox(mailboxOf(store), {
      kind: 'user',
      platform: 'console',
      userId: PEOPLE.county(),
    });
    expect(inbox.length).toBeGreaterThan(0);
    for (const m of inbox) expect(replyText(m.reply)).not.toMatch(CODE);
  });
});
