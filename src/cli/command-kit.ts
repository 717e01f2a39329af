// What every command group is given: the deps of the command line, the store opened for one
// command, and the printer that honours --json.
import type { BotDeps } from '../bot/deps.ts';
import type { SweepResult } from '../reminders/sweep.ts';
import type { SqliteStore } from '../store/sqlite.ts';

export interface CliDeps {
  openStore(): SqliteStore;
  /** One reminder sweep over the store with the configured channels (reminders run). */
  sweep(store: SqliteStore): Promise<SweepResult>;
  out(text: string): void;
  err(text: string): void;
  now(): Date;
  /** What the bot needs to answer a message from the terminal (`say`): the configured channels. */
  bot(store: SqliteStore): BotDeps;
}

export interface Output {
  json?: boolean;
}

export interface CommandKit {
  deps: CliDeps;
  withStore<T>(fn: (store: SqliteStore) => Promise<T>): Promise<T>;
  print(opts: Output, json: unknown, text: string, ok: boolean): void;
}
