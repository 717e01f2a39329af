// Opening the store at start: a PostgreSQL server that cannot be reached yet (it starts after us, the
// network is not up) is tried again with growing waits instead of ending the process, and each try
// says which server (never the password) and why. SQLite either opens or fails at once.
import { say } from '../prompts.ts';
import type { Migration } from '../store/migrate.ts';
import { type OpenedStore, openStore } from '../store/open.ts';
import type { PostgresOptions } from '../store/postgres.ts';
import { DatabaseUnreachable } from '../store/postgres.ts';
import type { SqliteOptions } from '../store/sqlite.ts';

/** Waits between tries, in seconds; the last repeats. */
export const RETRY_SECONDS = [1, 2, 4, 8, 16, 30] as const;

export interface ConnectDeps {
  warn(obj: object, message: string): void;
  /** Defaults to a timer; tests pass a quicker one. */
  sleep?(ms: number): Promise<void>;
  /** True once the process is shutting down: stop trying. */
  stopped?(): boolean;
}

export async function connectStore(
  databaseUrl: string,
  migrations: readonly Migration[],
  options: SqliteOptions & PostgresOptions,
  deps: ConnectDeps,
): Promise<OpenedStore> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await openStore(databaseUrl, migrations, options);
    } catch (error) {
      if (!(error instanceof DatabaseUnreachable) || deps.stopped?.()) throw error;
      const seconds = RETRY_SECONDS[Math.min(attempt, RETRY_SECONDS.length - 1)] ?? 30;
      deps.warn(
        { host: error.host, reason: error.reason, retryInSeconds: seconds },
        say('database.unreachable', { host: error.host, reason: error.reason, seconds }),
      );
      await sleep(seconds * 1000);
    }
  }
}
