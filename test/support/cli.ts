// The CLI run in-process against a temp database, as an operator's command line would run it, with
// the reminder sweep over the console messenger at a fixed moment.
import { expect } from 'vitest';
import { consoleMessenger } from '../../src/channels/console/inbox.ts';
import { runCli } from '../../src/cli/main.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders } from '../../src/reminders/sweep.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { TestDb } from './backends.ts';
import { MIGRATIONS, root, type TempDb } from './demo-store.ts';

export type Cli = (...argv: string[]) => Promise<{ code: number; out: string; err: string }>;

/** Runs the CLI in-process against the temp database; returns exit code and output. */
export function cliFor(db: Pick<TempDb, 'url' | 'open'> | TestDb, now: Date): Cli {
  return async (...argv) => {
    let out = '';
    let err = '';
    const code = await runCli(argv, {
      openStore: () => db.open(),
      database: { url: db.url, migrations: MIGRATIONS },
      sweep: (store) =>
        runDueReminders(
          {
            store,
            messenger: consoleMessenger(mailboxOf(store), () => now),
            worker: 'cli-test',
            calendar: workCalendar([]),
            settings: DEFAULT_REMINDER_SETTINGS,
          },
          now,
        ),
      out: (t) => {
        out += `${t}\n`;
      },
      err: (t) => {
        err += `${t}\n`;
      },
      now: () => now,
      bot: (store) => ({ store, now: () => now, messenger: consoleMessenger(mailboxOf(store), () => now) }),
    });
    return { code, out, err };
  };
}

export async function seedRoster(cli: Cli): Promise<void> {
  expect((await cli('roster', 'import', root('data/roster.csv'))).code).toBe(0);
  expect((await cli('roster', 'import', root('data/demo-contacts.csv'))).code).toBe(0);
}
