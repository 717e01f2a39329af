// De-duplication of at-least-once deliveries: the first claim of a key wins, on every instance.
import type { Store } from './store.ts';

/** True the first time `key` is claimed; false for a redelivery. */
export async function claimEvent({ db }: Store, key: string, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('processed_events')
    .values({ key, seen_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Forgets ids older than `keepHours` (Feishu retries for ~7 h; the default keeps a day). */
export async function pruneEvents({ db }: Store, now: Date, keepHours = 24): Promise<number> {
  const cutoff = new Date(now.getTime() - keepHours * 3_600_000).toISOString();
  const result = await db.deleteFrom('processed_events').where('seen_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
