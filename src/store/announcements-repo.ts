// Announcements the bot makes once per key (migration 0012), recorded after they were sent.
import { inList } from './in-list.ts';
import type { Store } from './store.ts';

/** The mark of a claim not yet sent (see claimAnnouncement). */
const CLAIMED = 'claimed:';

/** Which of these keys were announced already (sent, not merely claimed). */
export async function announced(store: Store, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await store.db
    .selectFrom('announcements')
    .select('announcement_key')
    .where(inList(store, 'announcement_key', keys))
    .where('sent_at', 'not like', `${CLAIMED}%`)
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

// A digest is claimed before it is sent, so two instances sweeping together send it once: the claim
// is the row itself, written as `claimed:<time>|<worker>` and replaced by the send time once sent. A
// claim older than the lease belongs to a sweep that died before sending, and may be taken over.

/** The claim, when this worker now holds `key` to send (nobody had it, or a dead sweep's claim ran
 *  out); null when it is sent or another sweep holds it. */
export async function claimAnnouncement(
  store: Store,
  key: string,
  worker: string,
  now: Date,
  lease: Date,
): Promise<string | null> {
  const mine = `${CLAIMED}${now.toISOString()}|${worker}`;
  await store.db
    .insertInto('announcements')
    .values({ announcement_key: key, sent_at: mine })
    .onConflict((oc) => oc.column('announcement_key').doNothing())
    .execute();
  const row = await store.db
    .selectFrom('announcements')
    .select('sent_at')
    .where('announcement_key', '=', key)
    .executeTakeFirst();
  if (!row) return null;
  if (row.sent_at === mine) return mine;
  if (!row.sent_at.startsWith(CLAIMED)) return null;
  const claimedAt = row.sent_at.slice(CLAIMED.length, row.sent_at.indexOf('|'));
  if (!(Date.parse(claimedAt) < lease.getTime())) return null;
  // Compare-and-set: of two sweeps taking over the same stale claim, one wins.
  await store.db
    .updateTable('announcements')
    .set({ sent_at: mine })
    .where('announcement_key', '=', key)
    .where('sent_at', '=', row.sent_at)
    .execute();
  const after = await store.db
    .selectFrom('announcements')
    .select('sent_at')
    .where('announcement_key', '=', key)
    .executeTakeFirst();
  return after?.sent_at === mine ? mine : null;
}

/** Records a claimed announcement as sent (the keys recorded with it too: a day's digest that is also
 *  the week's is both). */
export async function markClaimedSent(store: Store, keys: readonly string[], now: Date): Promise<void> {
  for (const key of keys) {
    await store.db
      .insertInto('announcements')
      .values({ announcement_key: key, sent_at: now.toISOString() })
      .onConflict((oc) => oc.column('announcement_key').doUpdateSet({ sent_at: now.toISOString() }))
      .execute();
  }
}

/** Gives a claim back after a failed send, so the next sweep tries again. */
export async function releaseAnnouncement(store: Store, key: string, claim: string): Promise<void> {
  await store.db
    .deleteFrom('announcements')
    .where('announcement_key', '=', key)
    .where('sent_at', '=', claim)
    .execute();
}
