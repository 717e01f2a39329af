// The escalation ladder's steps (escalations, migration 0014): written once under their key, claimed
// by compare-and-set under a lease (as a reminder card is), then finished — so two sweeps, on one
// instance or two, never urge the same person for the same sheet and step twice.
import type { Selectable } from 'kysely';
import { insertStatements, type Value } from './bulk-insert.ts';
import { inList } from './in-list.ts';
import type { EscalationsTable } from './schema.ts';
import type { Store } from './store.ts';

export type EscalationRow = Selectable<EscalationsTable>;
export type NewEscalation = Pick<
  EscalationRow,
  | 'escalation_key'
  | 'obligation'
  | 'period'
  | 'county_id'
  | 'partner_id'
  | 'step'
  | 'contact_id'
  | 'unread_workdays'
  | 'day'
>;

/** A county's own overdue reminder as one of its contacts' sent cards carried it. */
export interface OverdueCard {
  reminder_key: string;
  obligation: string;
  period: string;
  county_id: string;
  partner_id: string;
  due: string;
  message_key: string;
  contact_id: string;
  day: string;
  read_state: 'read' | 'unread' | null;
  platform_message_id: string | null;
  sent_items: string | null;
}

/** The counties' own overdue reminders planned since `sinceDay`, with the cards of their day. */
export async function overdueCards({ db }: Store, sinceDay: string): Promise<OverdueCard[]> {
  return db
    .selectFrom('reminders as r')
    .innerJoin('reminder_messages as m', (j) =>
      j.onRef('m.day', '=', 'r.planned_for').onRef('m.unit_id', '=', 'r.unit_id'),
    )
    .select([
      'r.reminder_key',
      'r.obligation',
      'r.period',
      'r.county_id',
      'r.partner_id',
      'r.due',
      'm.message_key',
      'm.contact_id',
      'm.day',
      'm.read_state',
      'm.platform_message_id',
      'm.sent_items',
    ])
    .where('r.kind', '=', 'overdue')
    .whereRef('r.unit_id', '=', 'r.county_id')
    .where('r.planned_for', '>=', sinceDay)
    .where('m.state', '=', 'sent')
    .orderBy('m.day')
    .orderBy('m.message_key')
    .execute();
}

const ESCALATIONS = {
  table: 'escalations',
  columns: [
    'escalation_key',
    'obligation',
    'period',
    'county_id',
    'partner_id',
    'step',
    'contact_id',
    'unread_workdays',
    'state',
    'day',
    'created_at',
  ],
  conflict: ['escalation_key'],
} as const;

/** Writes the steps not written yet, in one batch (a concurrent sweep's are left alone). */
export async function addEscalations(store: Store, rows: readonly NewEscalation[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const at = now.toISOString();
  const values = rows.map((r): Value[] => [
    r.escalation_key,
    r.obligation,
    r.period,
    r.county_id,
    r.partner_id,
    r.step,
    r.contact_id,
    r.unread_workdays,
    'pending',
    r.day,
    at,
  ]);
  await store.batch(insertStatements(store, ESCALATIONS, values));
}

/** Every step of these counties (for the ladder, 提醒记录 and a sheet's history), oldest first. */
export async function escalationsOf(store: Store, countyIds?: readonly string[]): Promise<EscalationRow[]> {
  if (countyIds?.length === 0) return [];
  let query = store.db.selectFrom('escalations').selectAll();
  if (countyIds) query = query.where(inList(store, 'county_id', countyIds));
  return query.orderBy('created_at').orderBy('escalation_key').execute();
}

/**
 * Claims a person's pending steps of one kind for `worker`, all at once (one urge covers them: the
 * card urged lists every overdue item of the unit); answers the keys claimed — none when another
 * worker holds a live claim on them or they are finished.
 */
export async function claimEscalations(
  { db }: Store,
  person: { contactId: string; step: EscalationRow['step'] },
  worker: string,
  now: Date,
  leaseCutoff: Date,
): Promise<string[]> {
  await db
    .updateTable('escalations')
    .set({ claimed_by: worker, claimed_at: now.toISOString() })
    .where('contact_id', '=', person.contactId)
    .where('step', '=', person.step)
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', leaseCutoff.toISOString())]))
    .execute();
  const rows = await db
    .selectFrom('escalations')
    .select('escalation_key')
    .where('contact_id', '=', person.contactId)
    .where('step', '=', person.step)
    .where('state', '=', 'pending')
    .where('claimed_by', '=', worker)
    .where('claimed_at', '=', now.toISOString())
    .execute();
  return rows.map((r) => r.escalation_key);
}

/** Finishes a claimed step: done, refused by the platform, or skipped (nothing to urge it by). */
export async function finishEscalation(
  { db }: Store,
  key: string,
  worker: string,
  outcome: { state: 'done' | 'refused' | 'skipped'; channel: string | null; at: Date; error?: string },
): Promise<void> {
  await db
    .updateTable('escalations')
    .set({
      state: outcome.state,
      channel: outcome.channel,
      done_at: outcome.at.toISOString(),
      last_error: outcome.error?.slice(0, 500) ?? null,
      claimed_by: null,
      claimed_at: null,
    })
    .where('escalation_key', '=', key)
    .where('claimed_by', '=', worker)
    .where('state', '=', 'pending')
    .execute();
}

/** Lets a claimed step go for a later sweep (the call failed for a passing reason). */
export async function releaseEscalation(
  { db }: Store,
  key: string,
  worker: string,
  error: string,
): Promise<void> {
  await db
    .updateTable('escalations')
    .set({ claimed_by: null, claimed_at: null, last_error: error.slice(0, 500) })
    .where('escalation_key', '=', key)
    .where('claimed_by', '=', worker)
    .where('state', '=', 'pending')
    .execute();
}
