// What every command group is given: the deps of the command line, the store opened for one
// command, and the printer that honours --json.
import type { BotDeps } from '../bot/deps.ts';
import type { WorkbookParser } from '../excel/import.ts';
import type { SweepResult } from '../reminders/sweep.ts';
import type { Migration } from '../store/migrate.ts';
import type { OpenedStore } from '../store/open.ts';

export interface CliDeps {
  openStore(): OpenedStore | Promise<OpenedStore>;
  /** The database the commands work on (backup and restore need its URL, restore its migrations). */
  database: { url: string; migrations: readonly Migration[] };
  /** One reminder sweep over the store with the configured channels (reminders run). */
  sweep(store: OpenedStore): Promise<SweepResult>;
  out(text: string): void;
  err(text: string): void;
  now(): Date;
  /** Parses a workbook to import (runtime/workbook-thread.ts); absent, on this thread. */
  parseWorkbook?: WorkbookParser;
  /** What the bot needs to answer a message from the terminal (`say`): the configured channels. */
  bot(store: OpenedStore): BotDeps;
}

export interface Output {
  json?: boolean;
}

export interface CommandKit {
  deps: CliDeps;
  withStore<T>(fn: (store: OpenedStore) => Promise<T>): Promise<T>;
  print(opts: Output, json: unknown, text: string, ok: boolean): void;
}
