// Failed guesses counted per key in a fixed window (attempt_failures, migration 0013): one statement
// each, so instances (Workers isolates, a restarted process) share the count.
import { sql } from 'kysely';
import type { Store } from './store.ts';

export interface FailureCount {
  failures: number;
  /** When the window that holds these failures ends. */
  until: Date;
}

/** The failures of `key` in the window that still holds at `now` (none when it has ended). */
export async function recentFailures(
  { db }: Store,
  key: string,
  now: Date,
  windowMs: number,
): Promise<FailureCount> {
  const row = await db
    .selectFrom('attempt_failures')
    .select(['failures', 'window_start'])
    .where('key', '=', key)
    .executeTakeFirst();
  const start = row ? Date.parse(row.window_start) : Number.NaN;
  if (!row || !(start > now.getTime() - windowMs)) return { failures: 0, until: now };
  return { failures: row.failures, until: new Date(start + windowMs) };
}

/** Counts one more failure of `key`: in its window, or as the first of a new one when that has ended. */
export async function recordFailure(
  { db }: Store,
  key: string,
  now: Date,
  windowMs: number,
): Promise<FailureCount> {
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - windowMs).toISOString();
  // The SET expressions read the row as it was, so both CASEs test the old window.
  const { rows } = await sql<{ failures: number; window_start: string }>`INSERT INTO attempt_failures
      (key, window_start, failures) VALUES (${key}, ${at}, 1)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN attempt_failures.window_start <= ${cutoff} THEN 1 ELSE attempt_failures.failures + 1 END,
      window_start = CASE WHEN attempt_failures.window_start <= ${cutoff} THEN excluded.window_start
        ELSE attempt_failures.window_start END
    RETURNING failures, window_start`.execute(db);
  const row = rows[0];
  return {
    failures: Number(row?.failures ?? 1),
    until: new Date(Date.parse(row?.window_start ?? at) + windowMs),
  };
}

/** Forgets the failures of `key` (it succeeded). */
export async function clearFailures({ db }: Store, key: string): Promise<void> {
  await db.deleteFrom('attempt_failures').where('key', '=', key).execute();
}

/** Forgets windows that ended before `before` (the hourly housekeeping). */
export async function pruneFailures({ db }: Store, before: Date): Promise<void> {
  await db.deleteFrom('attempt_failures').where('window_start', '<', before.toISOString()).execute();
}
