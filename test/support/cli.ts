// The CLI run in-process against a temp database, as an operator's command line would run it, with
// the reminder sweep over the console messenger at a fixed moment.
import { expect } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders } from '../../src/reminders/sweep.ts';
import { consoleMessenger } from '../../src/store/console-inbox.ts';
import { root, type TempDb } from './demo-store.ts';

export type Cli = (...argv: string[]) => Promise<{ code: number; out: string; err: string }>;

/** Runs the CLI in-process against the temp database; returns exit code and output. */
export function cliFor(db: TempDb, now: Date): Cli {
  return async (...argv) => {
    let out = '';
    let err = '';
    const code = await runCli(argv, {
      openStore: db.open,
      sweep: (store) =>
        runDueReminders(
          {
            store,
            messenger: consoleMessenger(store, () => now),
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
      bot: (store) => ({ store, now: () => now, messenger: consoleMessenger(store, () => now) }),
    });
    return { code, out, err };
  };
}

export async function seedRoster(cli: Cli): Promise<void> {
  expect((await cli('roster', 'import', root('data/roster.csv'))).code).toBe(0);
  expect((await cli('roster', 'import', root('data/demo-contacts.csv'))).code).toBe(0);
}
