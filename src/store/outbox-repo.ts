// The reminder outbox: each reminder once for the unit it reminds, and cards for the unit's contacts,
// enqueued idempotently in one batch; a card claimed by compare-and-set, then marked sent (with what
// it carried), dropped, or scheduled for a retry, each in one statement (the same on SQLite and D1).

import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import { insertStatements, type Value } from './bulk-insert.ts';
import { inList } from './in-list.ts';
import type { Database, ReminderMessagesTable, RemindersTable } from './schema.ts';
import type { Store } from './store.ts';

export type ReminderRow = Selectable<RemindersTable>;
export type MessageRow = Selectable<ReminderMessagesTable>;
export type NewReminder = Omit<ReminderRow, 'created_at'>;
export type NewMessage = Pick<MessageRow, 'message_key' | 'contact_id' | 'unit_id' | 'day'>;

/** What a sweep queues: the reminders of a day, and cards of that day for contacts of the units they
 *  remind (each contact's first, or a follow-up). */
export interface Queue {
  reminders: readonly NewReminder[];
  messages: readonly NewMessage[];
}

const REMINDERS = {
  table: 'reminders',
  columns: [
    'reminder_key',
    'unit_id',
    'obligation',
    'period',
    'county_id',
    'partner_id',
    'kind',
    'occurrence',
    'planned_for',
    'due',
    'created_at',
  ],
  conflict: ['reminder_key'],
} as const;

const MESSAGES = {
  table: 'reminder_messages',
  columns: ['message_key', 'contact_id', 'unit_id', 'day', 'state', 'next_attempt_at', 'created_at'],
  conflict: ['message_key'],
} as const;

/**
 * Adds the reminders and cards not already there; returns how many cards were new. A sweep runs every
 * few minutes and plans the same day each time, so the keys already queued are read first and only
 * the rest are written, in one batch (a transaction on SQLite). Rows a concurrent sweep wrote
 * meanwhile are left alone; the statements' own counts say how many cards were this sweep's.
 */
export async function enqueue(store: Store, queue: Queue, now: Date): Promise<number> {
  const at = now.toISOString();
  const [reminders, messages] = await Promise.all([
    absent(store, 'reminders', 'reminder_key', queue.reminders),
    absent(store, 'reminder_messages', 'message_key', queue.messages),
  ]);
  if (reminders.length === 0 && messages.length === 0) return 0;
  const reminderStatements = insertStatements(store, REMINDERS, reminders.map(reminderValues(at)));
  const messageStatements = insertStatements(store, MESSAGES, messages.map(messageValues(at)));
  const changed = await store.batch([...reminderStatements, ...messageStatements]);
  return changed.slice(reminderStatements.length).reduce((sum, n) => sum + n, 0);
}

/** A card of a day as the follow-up check needs it. */
export interface DayCard {
  message_key: string;
  contact_id: string;
  state: MessageRow['state'];
  /** The reminder keys it carried (none unless sent). */
  carried: string[];
}

/** Every card of a day, of any unit. */
export async function cardsOfDay({ db }: Store, day: string): Promise<DayCard[]> {
  const rows = await db
    .selectFrom('reminder_messages')
    .select(['message_key', 'contact_id', 'state', 'sent_items'])
    .where('day', '=', day)
    .execute();
  return rows.map(({ sent_items, ...card }) => ({ ...card, carried: carriedKeys(sent_items) }));
}

/** Which of these units' reminders are stored for this day (as a card of the day finds them). */
export async function remindersOn(
  store: Store,
  day: string,
  unitIds: readonly string[],
): Promise<Set<string>> {
  const { db } = store;
  const rows = await db
    .selectFrom('reminders')
    .select('reminder_key')
    .where(inList(store, 'unit_id', unitIds))
    .where('planned_for', '=', day)
    .execute();
  return new Set(rows.map((r) => r.reminder_key));
}

/** The reminders stored under these keys. */
export async function remindersByKey(store: Store, keys: readonly string[]): Promise<ReminderRow[]> {
  const unique = [...new Set(keys)];
  const rows: ReminderRow[] = [];
  for (let i = 0; i < unique.length; i += KEYS_PER_LOOKUP) {
    rows.push(
      ...(await store.db
        .selectFrom('reminders')
        .selectAll()
        .where(inList(store, 'reminder_key', unique.slice(i, i + KEYS_PER_LOOKUP)))
        .execute()),
    );
  }
  return rows;
}

const reminderValues =
  (at: string) =>
  (r: NewReminder): Value[] => [
    r.reminder_key,
    r.unit_id,
    r.obligation,
    r.period,
    r.county_id,
    r.partner_id,
    r.kind,
    r.occurrence,
    r.planned_for,
    r.due,
    at,
  ];

const messageValues =
  (at: string) =>
  (m: NewMessage): Value[] => [m.message_key, m.contact_id, m.unit_id, m.day, 'pending', at, at];

// Keys per lookup: one JSON parameter each, well inside D1's size for a bound value.
const KEYS_PER_LOOKUP = 1000;

/** The rows whose key is not yet stored, in key order (so each lands beside the one before it in the
 *  key's B-tree rather than on a page of its own). */
async function absent<K extends 'reminder_key' | 'message_key', R extends Record<K, string>>(
  store: Store,
  table: 'reminders' | 'reminder_messages',
  key: K,
  rows: readonly R[],
): Promise<R[]> {
  const { db } = store;
  const keys = [...new Set(rows.map((r) => r[key]))];
  const stored = new Set<string>();
  for (let i = 0; i < keys.length; i += KEYS_PER_LOOKUP) {
    const found = await db
      .selectFrom(table)
      .select(sql<string>`${sql.ref(key)}`.as('key'))
      .where(inList(store, key, keys.slice(i, i + KEYS_PER_LOOKUP)))
      .execute();
    for (const r of found) stored.add(r.key);
  }
  const byKey = (a: R, b: R) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0);
  return rows.filter((r) => !stored.has(r[key])).sort(byKey);
}

/** Cards with something to send now, not held by a live claim. */
export async function sendableMessages(
  { db }: Store,
  now: Date,
  leaseCutoff: Date,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('reminder_messages')
    .select('message_key')
    .where((eb) => claimable(eb, now, leaseCutoff))
    .orderBy('message_key')
    .limit(limit)
    .execute();
  return rows.map((r) => r.message_key);
}

/** Claims a card for `worker`; false when another worker holds a live claim (or sent it). */
export async function claimMessage(
  { db }: Store,
  messageKey: string,
  worker: string,
  now: Date,
  leaseCutoff: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('reminder_messages')
    .set({ claimed_by: worker, claimed_at: now.toISOString() })
    .where('message_key', '=', messageKey)
    .where((eb) => claimable(eb, now, leaseCutoff))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Waiting to go, due now, and claimed by nobody or by a sweep whose lease has run out. */
function claimable(eb: ExpressionBuilder<Database, 'reminder_messages'>, now: Date, leaseCutoff: Date) {
  return eb.and([
    eb('state', '=', 'pending'),
    eb('next_attempt_at', '<=', now.toISOString()),
    eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', leaseCutoff.toISOString())]),
  ]);
}

/** A card `worker` holds, with its unit's reminders of its day, and those another card of the same
 *  contact and day has already carried (a follow-up carries only what the cards before it did not). */
export async function claimedMessage(
  { db }: Store,
  messageKey: string,
  worker: string,
): Promise<{ message: MessageRow; reminders: ReminderRow[]; carried: Set<string> } | undefined> {
  const message = await db
    .selectFrom('reminder_messages')
    .selectAll()
    .where('message_key', '=', messageKey)
    .where('claimed_by', '=', worker)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (!message) return undefined;
  const [reminders, others] = await Promise.all([
    db
      .selectFrom('reminders')
      .selectAll()
      .where('unit_id', '=', message.unit_id)
      .where('planned_for', '=', message.day)
      .orderBy('reminder_key')
      .execute(),
    db
      .selectFrom('reminder_messages')
      .select('sent_items')
      .where('unit_id', '=', message.unit_id)
      .where('day', '=', message.day)
      .where('contact_id', '=', message.contact_id)
      .where('message_key', '!=', messageKey)
      .where('sent_items', 'is not', null)
      .execute(),
  ]);
  return { message, reminders, carried: new Set(others.flatMap((o) => carriedKeys(o.sent_items))) };
}

/** Marks a claimed card sent, with the keys of the reminders it carried and the platform's id for it
 *  (what its receipts are asked by), where the platform gave one. */
export async function markSent(
  store: Store,
  messageKey: string,
  worker: string,
  now: Date,
  carried: readonly string[],
  platformMessageId?: string,
): Promise<void> {
  await finish(store, messageKey, worker, {
    state: 'sent',
    sent_at: now.toISOString(),
    sent_items: JSON.stringify(carried),
    platform_message_id: platformMessageId ?? null,
  });
}

/** Drops a claimed card: everything on it was reported or carried meanwhile ('skipped'), or its
 *  contact has left the roster or lost its chat binding ('no_recipient'). */
export async function dropMessage(
  store: Store,
  messageKey: string,
  worker: string,
  why: 'skipped' | 'no_recipient',
): Promise<void> {
  await finish(store, messageKey, worker, { state: why });
}

async function finish(
  { db }: Store,
  messageKey: string,
  worker: string,
  outcome: Pick<MessageRow, 'state'> &
    Partial<Pick<MessageRow, 'sent_at' | 'sent_items' | 'platform_message_id'>>,
): Promise<void> {
  await db
    .updateTable('reminder_messages')
    .set({ ...outcome, claimed_by: null, claimed_at: null })
    .where('message_key', '=', messageKey)
    .where('claimed_by', '=', worker)
    .where('state', '=', 'pending')
    .execute();
}

/** Releases a claimed card for a later attempt. */
export async function retryMessage(
  { db }: Store,
  messageKey: string,
  worker: string,
  nextAttemptAt: Date,
  error: string,
): Promise<void> {
  await db
    .updateTable('reminder_messages')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      next_attempt_at: nextAttemptAt.toISOString(),
      claimed_by: null,
      claimed_at: null,
      last_error: error.slice(0, 500),
    }))
    .where('message_key', '=', messageKey)
    .where('claimed_by', '=', worker)
    .where('state', '=', 'pending')
    .execute();
}

/** One reminder as it went (or will go) to one contact. */
export interface Delivery extends ReminderRow {
  contact_id: string;
  state: 'pending' | 'sent' | 'skipped' | 'no_recipient';
  /** Of a sent one: read or not, as far as the platform has said (null: not known). */
  read: 'read' | 'unread' | null;
}

/**
 * Reminders and the contacts they went to, newest first: those of some counties (for 提醒记录), or
 * all. A reminder is sent to a contact when one of the contact's cards of its day carried it; waiting
 * while one of them is still to go; otherwise it was reported before a card went (skipped), unless no
 * card could reach the contact.
 */
export async function deliveries(
  store: Store,
  only: { countyIds?: readonly string[]; limit?: number } = {},
): Promise<Delivery[]> {
  const { db } = store;
  if (only.countyIds?.length === 0) return [];
  const { countyIds, limit } = only;
  // The newest reminders first, so a short list joins a few cards rather than the whole history
  // (each reminder gives one row per contact, so `limit` reminders cover `limit` rows).
  let recent = db.selectFrom('reminders').selectAll().orderBy('planned_for', 'desc').orderBy('reminder_key');
  if (countyIds) recent = recent.where(inList(store, 'county_id', countyIds));
  if (limit !== undefined) recent = recent.limit(limit);
  let query = db
    .selectFrom(recent.as('r'))
    .innerJoin('reminder_messages as m', (j) =>
      j.onRef('m.day', '=', 'r.planned_for').onRef('m.unit_id', '=', 'r.unit_id'),
    )
    .selectAll('r')
    .select([
      'm.contact_id',
      carriedOn(store).as('carried'),
      sql<number>`max(CASE WHEN m.state = 'pending' THEN 1 ELSE 0 END)`.as('waiting'),
      sql<number>`min(CASE WHEN m.state = 'no_recipient' THEN 1 ELSE 0 END)`.as('unreachable'),
      // Read on any of the contact's cards of the day; unread when one was asked and none read.
      sql<number>`max(CASE WHEN m.read_state = 'read' THEN 2 WHEN m.read_state = 'unread' THEN 1 ELSE 0 END)`.as(
        'reading',
      ),
    ])
    // PostgreSQL wants every column of r named (r is a subquery: it cannot see that the key decides them).
    .groupBy([
      ...(store.engine === 'postgres' ? REMINDERS.columns : (['reminder_key'] as const)).map(
        (c) => `r.${c}` as const,
      ),
      'm.contact_id',
    ])
    .orderBy('r.planned_for', 'desc')
    .orderBy('r.reminder_key')
    .orderBy('m.contact_id');
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.map(({ carried, waiting, unreachable, reading, ...row }) => {
    const state = carried ? 'sent' : waiting ? 'pending' : unreachable ? 'no_recipient' : 'skipped';
    const read =
      state !== 'sent' ? null : Number(reading) === 2 ? 'read' : Number(reading) === 1 ? 'unread' : null;
    return { ...row, state, read };
  });
}

/** 1 when one of the contact's cards carried the reminder (`sent_items` holds its key). */
function carriedOn(store: Store) {
  return store.engine === 'postgres'
    ? sql<number>`max(CASE WHEN EXISTS (SELECT 1 FROM json_array_elements_text(m.sent_items::json) AS s(k)
        WHERE s.k = r.reminder_key) THEN 1 ELSE 0 END)`
    : sql<number>`max(EXISTS (SELECT 1 FROM json_each(m.sent_items) WHERE value = r.reminder_key))`;
}

/** The reminder keys a sent card carried (its `sent_items`, a JSON array). */
export function carriedKeys(sentItems: string | null): string[] {
  const keys: unknown = sentItems ? JSON.parse(sentItems) : [];
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
}
