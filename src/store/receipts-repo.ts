// What the platforms said of a sent card's reading (reminder_messages, migration 0014): the cards
// still worth asking about, and each answer, kept with when it was asked.
import { sql } from 'kysely';
import { inList } from './in-list.ts';
import { carriedKeys, remindersByKey } from './outbox-repo.ts';
import type { Store } from './store.ts';

/** A sent card that may still be unread. */
export interface UnreadCard {
  message_key: string;
  contact_id: string;
  unit_id: string;
  day: string;
  platform_message_id: string;
  sent_at: string;
  /** The reminder keys it carried. */
  carried: string[];
}

/**
 * Sent cards with a platform id, not known to be read, sent at or after `sentSince` (the platform's
 * window), and neither sent nor asked about since `askedBefore` (a card just sent is not asked about
 * at once) — least recently asked first, at most `limit`.
 */
export async function cardsToAsk(
  { db }: Store,
  only: { sentSince: string; askedBefore: string; limit: number },
): Promise<UnreadCard[]> {
  const rows = await db
    .selectFrom('reminder_messages')
    .select(['message_key', 'contact_id', 'unit_id', 'day', 'platform_message_id', 'sent_at', 'sent_items'])
    .where('state', '=', 'sent')
    .where('platform_message_id', 'is not', null)
    .where((eb) => eb.or([eb('read_state', 'is', null), eb('read_state', '=', 'unread')]))
    .where('sent_at', '>=', only.sentSince)
    .where(sql<boolean>`coalesce(read_checked_at, sent_at) < ${only.askedBefore}`)
    .orderBy(sql`coalesce(read_checked_at, sent_at)`)
    .orderBy('message_key')
    .limit(only.limit)
    .execute();
  return rows.flatMap(({ sent_items, platform_message_id, sent_at, ...card }) =>
    platform_message_id && sent_at
      ? [{ ...card, platform_message_id, sent_at, carried: carriedKeys(sent_items) }]
      : [],
  );
}

/** Keeps what the platform said of these cards' reading, asked at `at`. */
export async function recordReading(
  store: Store,
  messageKeys: readonly string[],
  state: 'read' | 'unread',
  at: Date,
): Promise<void> {
  if (messageKeys.length === 0) return;
  await store.db
    .updateTable('reminder_messages')
    .set({
      read_state: state,
      read_checked_at: at.toISOString(),
      ...(state === 'read' ? { read_at: at.toISOString() } : {}),
    })
    .where(inList(store, 'message_key', messageKeys))
    .where((eb) => eb.or([eb('read_state', 'is', null), eb('read_state', '=', 'unread')]))
    .execute();
}

/** Cards sent at or after `sentSince` that the platform last said were unread, each with the
 *  counties of the reminders it carried. */
export async function unreadCards(
  store: Store,
  sentSince: string,
): Promise<{ message_key: string; counties: string[] }[]> {
  const rows = await store.db
    .selectFrom('reminder_messages')
    .select(['message_key', 'sent_items'])
    .where('state', '=', 'sent')
    .where('read_state', '=', 'unread')
    .where('sent_at', '>=', sentSince)
    .execute();
  const carried = rows.map((r) => ({ key: r.message_key, reminders: carriedKeys(r.sent_items) }));
  const countyOf = new Map(
    (
      await remindersByKey(
        store,
        carried.flatMap((c) => c.reminders),
      )
    ).map((r) => [r.reminder_key, r.county_id]),
  );
  return carried.map((c) => ({
    message_key: c.key,
    counties: [...new Set(c.reminders.flatMap((k) => countyOf.get(k) ?? []))],
  }));
}
