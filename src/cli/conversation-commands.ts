// `say` and `understand`: the conversation from the terminal, for an operator who needs to see why
// the bot answered as it did. `say` runs a message through the bot as the named contact and prints
// the reply as chat shows it (cards flattened, buttons listed); `understand` prints only the reading.
import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { readMessage } from '../bot/chat/read-message.ts';
import { respond } from '../bot/chat/respond.ts';
import { responseText } from '../conversation/reply-text.ts';
import { parseMoment } from '../domain/clock.ts';
import { type Contact, findContact, findUnit, type Roster, type RosterUnit } from '../domain/roster.ts';
import { say } from '../prompts.ts';
import type { OpenedStore } from '../store/open.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { Reading } from '../understanding/understand.ts';
import type { CommandKit } from './command-kit.ts';

interface Options {
  as: string;
  now?: Date;
  json?: boolean;
}

export function addConversationCommands(program: Command, { deps, withStore, print }: CommandKit): void {
  /** Runs with the contact named by --as, or says it is unknown and changes nothing. */
  const asContact = (
    opts: Options,
    run: (store: OpenedStore, roster: Roster, who: { contact: Contact; unit: RosterUnit }) => Promise<void>,
  ) =>
    withStore(async (store) => {
      const roster = await loadRoster(store);
      const who = asker(roster, opts.as);
      if (!who)
        return print(
          opts,
          { ok: false, error: 'contact_unknown' },
          say('cli.contactUnknown', { got: opts.as }),
          false,
        );
      await run(store, roster, who);
    });
  program
    .command('understand <text>')
    .description('只看机器人如何理解一句话（- 表示从标准输入逐行读取，每行输出一个 JSON）')
    .addOption(AS)
    .addOption(NOW)
    .option('--json', '输出 JSON')
    .action((text: string, opts: Options) =>
      asContact(opts, async (_store, roster, who) => {
        const now = opts.now ?? deps.now();
        const lines =
          text === '-'
            ? readFileSync(0, 'utf8')
                .split(/\r?\n/)
                .filter((l) => l.trim() !== '')
            : [text];
        for (const line of lines) {
          const reading = readMessage(roster, who.unit, line, now);
          deps.out(
            opts.json || text === '-' ? JSON.stringify(readingJson(reading)) : readingText(line, reading),
          );
        }
      }),
    );

  program
    .command('say <text>')
    .description('以某位联系人的身份对机器人说一句话，打印聊天中看到的回复（卡片展开为文字，列出按钮）')
    .addOption(AS)
    .addOption(NOW)
    .option('--json', '输出 JSON')
    .action((text: string, opts: Options) =>
      asContact(opts, async (store, roster, who) => {
        const at = opts.now;
        const bot = { ...deps.bot(store), ...(at ? { now: () => at } : {}) };
        const response = await respond(bot, roster, who, text, {
          id: 'cli',
          kind: 'direct',
          mentioned: true,
        });
        print(opts, response, responseText(response), true);
      }),
    );
}

function asker(roster: Roster, idOrMobile: string) {
  const contact = findContact(roster, idOrMobile);
  const unit = contact && findUnit(roster, contact.unitId);
  return contact && unit ? { contact, unit } : null;
}

/** Exactly the fields an outside check reads: intent, ledger id, period, place and filter. */
function readingJson(r: Reading) {
  return {
    intent: r.intent,
    ledger: r.ledger,
    period: r.period ? { year: r.period.year, quarter: r.period.quarter } : null,
    county: r.county,
    city: r.city,
    filter: r.filter,
  };
}

function readingText(line: string, r: Reading): string {
  const json = readingJson(r);
  return say('cli.understood', {
    text: line,
    intent: json.intent,
    details: JSON.stringify({ ...json, intent: undefined, alternatives: r.alternatives }),
  });
}

const AS = new Option('--as <contact>', '以谁的身份：手机号或联系人编号').makeOptionMandatory();
const NOW = new Option('--now <time>', '当作此刻，如 2023-03-28 或 2023-03-28T09:00+08:00').argParser(
  momentOption,
);

function momentOption(value: string): Date {
  const at = parseMoment(value);
  if (!at) throw new InvalidArgumentError('2023-03-28 或 2023-03-28T09:00+08:00');
  return at;
}
