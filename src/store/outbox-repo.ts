// The reminder outbox: enqueue idempotently, claim a message by compare-and-set, mark it sent or
// schedule a retry. Every write is one statement, so it works the same on SQLite, D1 and PostgreSQL.

import type { ReminderOutboxTable } from './schema.ts';
import type { Store } from './store.ts';

export type OutboxRow = Omit<ReminderOutboxTable, 'attempts'> & { attempts: number };
export type NewOutboxRow = Pick<
  OutboxRow,
  | 'reminder_key'
  | 'contact_id'
  | 'message_key'
  | 'unit_id'
  | 'obligation'
  | 'period'
  | 'county_id'
  | 'partner_id'
  | 'kind'
  | 'occurrence'
  | 'planned_for'
  | 'due'
>;

/** Adds the rows not already there; returns how many were new. */
export async function enqueue(store: Store, rows: readonly NewOutboxRow[], now: Date): Promise<number> {
  const at = now.toISOString();
  const before = await countOutbox(store);
  // Five rows a statement keeps under D1's 100 bound parameters; one batch (a transaction on SQLite)
  // instead of thousands of separate commits. Rows already there are left alone.
  const statements = [];
  for (let i = 0; i < rows.length; i += 5) {
    const chunk = rows
      .slice(i, i + 5)
      .map((r) => ({ ...r, state: 'pending' as const, next_attempt_at: at, created_at: at }));
    statements.push(
      store.db
        .insertInto('reminder_outbox')
        .values(chunk)
        .onConflict((oc) => oc.columns(['reminder_key', 'contact_id']).doNothing()),
    );
  }
  await store.batch(statements);
  return (await countOutbox(store)) - before;
}

async function countOutbox({ db }: Store): Promise<number> {
  const row = await db
    .selectFrom('reminder_outbox')
    .select(db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Messages with something to send now, not held by a live claim. */
export async function sendableMessages(
  { db }: Store,
  now: Date,
  leaseCutoff: Date,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('reminder_outbox')
    .select('message_key')
    .distinct()
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now.toISOString())
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', leaseCutoff.toISOString())]))
    .orderBy('message_key')
    .limit(limit)
    .execute();
  return rows.map((r) => r.message_key);
}

/** Claims a message for `worker`; false when another worker holds a live claim. */
export async function claimMessage(
  { db }: Store,
  messageKey: string,
  worker: string,
  now: Date,
  leaseCutoff: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('reminder_outbox')
    .set({ claimed_by: worker, claimed_at: now.toISOString() })
    .where('message_key', '=', messageKey)
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', leaseCutoff.toISOString())]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function claimedRows({ db }: Store, messageKey: string, worker: string): Promise<OutboxRow[]> {
  return db
    .selectFrom('reminder_outbox')
    .selectAll()
    .where('message_key', '=', messageKey)
    .where('claimed_by', '=', worker)
    .where('state', '=', 'pending')
    .execute();
}

/** Drops rows that no longer need sending (the obligation was fulfilled meanwhile). */
export async function skipRows(
  { db }: Store,
  keys: readonly { reminder_key: string; contact_id: string }[],
): Promise<void> {
  for (const k of keys) {
    await db
      .updateTable('reminder_outbox')
      .set({ state: 'skipped', claimed_by: null, claimed_at: null })
      .where('reminder_key', '=', k.reminder_key)
      .where('contact_id', '=', k.contact_id)
      .where('state', '=', 'pending')
      .execute();
  }
}

/** Marks every row of a claimed message sent, in one statement. */
export async function markSent({ db }: Store, messageKey: string, worker: string, now: Date): Promise<void> {
  await db
    .updateTable('reminder_outbox')
    .set({ state: 'sent', sent_at: now.toISOString(), claimed_by: null, claimed_at: null })
    .where('message_key', '=', messageKey)
    .where('claimed_by', '=', worker)
    .where('state', '=', 'pending')
    .execute();
}

/** Releases a claimed message for a later attempt. */
export async function retryMessage(
  { db }: Store,
  messageKey: string,
  worker: string,
  nextAttemptAt: Date,
  error: string,
): Promise<void> {
  await db
    .updateTable('reminder_outbox')
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

/** What was sent or is queued for some counties, newest first (for 提醒记录). */
export async function outboxFor(
  { db }: Store,
  countyIds: readonly string[],
  limit: number,
): Promise<OutboxRow[]> {
  if (countyIds.length === 0) return [];
  return db
    .selectFrom('reminder_outbox')
    .selectAll()
    .where('county_id', 'in', countyIds)
    .orderBy('planned_for', 'desc')
    .orderBy('message_key')
    .limit(limit)
    .execute();
}
