// Announcements the bot makes once per key (migration 0012), recorded after they were sent.
import { inList } from './in-list.ts';
import type { Store } from './store.ts';

/** Which of these keys were announced already. */
export async function announced(store: Store, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await store.db
    .selectFrom('announcements')
    .select('announcement_key')
    .where(inList('announcement_key', keys))
    .execute();
  return new Set(rows.map((r) => r.announcement_key));
}

export async function markAnnounced(store: Store, key: string, now: Date): Promise<void> {
  await store.db
    .insertInto('announcements')
    .values({ announcement_key: key, sent_at: now.toISOString() })
    .onConflict((oc) => oc.column('announcement_key').doNothing())
    .execute();
}
