// The reminder outbox: enqueue idempotently, claim a message by compare-and-set, mark it sent or
// schedule a retry. Every write is one statement, so it works the same on SQLite, D1 and PostgreSQL.

import { type Compilable, CompiledQuery } from 'kysely';
import { inList } from './in-list.ts';
import type { ReminderOutboxTable } from './schema.ts';
import { rowsPerStatement, type Store } from './store.ts';

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

/** The columns enqueue writes, in the order of every row's values: a row's own, then its state. */
const ROW_COLUMNS = [
  'reminder_key',
  'contact_id',
  'message_key',
  'unit_id',
  'obligation',
  'period',
  'county_id',
  'partner_id',
  'kind',
  'occurrence',
  'planned_for',
  'due',
] as const satisfies readonly (keyof NewOutboxRow)[];
const INSERT_COLUMNS = [...ROW_COLUMNS, 'state', 'next_attempt_at', 'created_at'] as const;

/**
 * Adds the rows not already there; returns how many were new. A sweep runs every few minutes and
 * plans the same day each time, so the rows of those days already queued are read first (one
 * index read) and only the rest are written.
 */
export async function enqueue(store: Store, rows: readonly NewOutboxRow[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const at = now.toISOString();
  const queued = await queuedUnder(store, [...new Set(rows.map((r) => r.message_key))]);
  const fresh =
    queued.size === 0 ? rows : rows.filter((r) => !queued.has(`${r.reminder_key}\n${r.contact_id}`));
  if (fresh.length === 0) return 0;
  // In primary-key order, so each row lands next to the one before it in the key's B-tree rather than
  // on a page of its own: on the national morning (65,000 rows) the sort (~20 ms) saves ~130 ms.
  const ordered = [...fresh].sort(byPrimaryKey);
  // One batch (a transaction on SQLite) instead of thousands of separate commits. Rows a concurrent
  // sweep wrote meanwhile are left alone; the statements' own counts say how many rows were ours.
  const perStatement = rowsPerStatement(store, INSERT_COLUMNS.length);
  const statements =
    perStatement >= MIN_ROWS_AS_VALUES
      ? valuesStatements(store, ordered, at, perStatement)
      : jsonStatements(ordered, at);
  const changed = await store.batch(statements);
  return changed.reduce((sum, n) => sum + n, 0);
}

// Where a statement may bind thousands of values (SQLite), rows go as multi-row VALUES — the fastest.
// Where it may bind 100 (D1, which also counts every statement against its 1,000 queries an
// invocation), rows go as one JSON parameter per thousand that json_each unpacks: a national morning
// is 65 statements rather than 10,800 (on SQLite this form is ~30% slower, so it is D1's only).
const MIN_ROWS_AS_VALUES = 100;
const ROWS_PER_JSON = 1000;

function valuesStatements(
  store: Store,
  rows: readonly NewOutboxRow[],
  at: string,
  perStatement: number,
): Compilable[] {
  const statements: Compilable[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const compiled = CompiledQuery.raw(insertSql(store, chunk.length), insertValues(chunk, at));
    statements.push({ compile: () => compiled });
  }
  return statements;
}

function jsonStatements(rows: readonly NewOutboxRow[], at: string): Compilable[] {
  const statements: Compilable[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_JSON) {
    const chunk = rows.slice(i, i + ROWS_PER_JSON);
    const values = chunk.map((r) => insertValues([r], at));
    const compiled = CompiledQuery.raw(JSON_INSERT_SQL, [JSON.stringify(values)]);
    statements.push({ compile: () => compiled });
  }
  return statements;
}

// `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
const JSON_INSERT_SQL = `INSERT INTO reminder_outbox (${INSERT_COLUMNS.join(', ')})
SELECT ${INSERT_COLUMNS.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ')}
FROM json_each(?) WHERE true
ON CONFLICT (reminder_key, contact_id) DO NOTHING`;

function byPrimaryKey(a: NewOutboxRow, b: NewOutboxRow): number {
  if (a.reminder_key !== b.reminder_key) return a.reminder_key < b.reminder_key ? -1 : 1;
  return a.contact_id < b.contact_id ? -1 : a.contact_id > b.contact_id ? 1 : 0;
}

/**
 * The rows' values in INSERT_COLUMNS order (keep in step with ROW_COLUMNS), into an array sized up
 * front: a national morning binds about a million values, and pushing them one by one through a loop
 * over the column names took twice as long (~85 ms against ~40 ms).
 */
function insertValues(rows: readonly NewOutboxRow[], at: string): (string | number)[] {
  const values = new Array<string | number>(rows.length * INSERT_COLUMNS.length);
  let n = 0;
  for (const r of rows) {
    values[n++] = r.reminder_key;
    values[n++] = r.contact_id;
    values[n++] = r.message_key;
    values[n++] = r.unit_id;
    values[n++] = r.obligation;
    values[n++] = r.period;
    values[n++] = r.county_id;
    values[n++] = r.partner_id;
    values[n++] = r.kind;
    values[n++] = r.occurrence;
    values[n++] = r.planned_for;
    values[n++] = r.due;
    values[n++] = 'pending';
    values[n++] = at;
    values[n++] = at;
  }
  return values;
}

// The INSERT text for n rows, compiled by Kysely for this store's dialect once per store and size:
// building tens of thousands of rows through the query builder costs more than writing them.
const INSERT_SQL = new WeakMap<Store, Map<number, string>>();

function insertSql(store: Store, rows: number): string {
  const sizes = INSERT_SQL.get(store) ?? new Map<number, string>();
  INSERT_SQL.set(store, sizes);
  let text = sizes.get(rows);
  if (text === undefined) {
    // Keys in INSERT_COLUMNS order, so Kysely lists the columns (and so the parameters) in that order.
    const placeholder = Object.fromEntries(
      INSERT_COLUMNS.map((c) => [c, c === 'occurrence' ? 0 : '']),
    ) as unknown as NewOutboxRow & { state: 'pending'; next_attempt_at: string; created_at: string };
    const compiled = store.db
      .insertInto('reminder_outbox')
      .values(Array.from({ length: rows }, () => placeholder))
      .onConflict((oc) => oc.columns(['reminder_key', 'contact_id']).doNothing())
      .compile();
    // Every value must be a bound parameter, in column order, for the reuse above to be right.
    if (compiled.parameters.length !== rows * INSERT_COLUMNS.length)
      throw new Error('reminder_outbox insert: unexpected parameter count');
    text = compiled.sql;
    sizes.set(rows, text);
  }
  return text;
}

/** The (reminder, contact) pairs already queued under these messages (a contact's card of a day).
 *  Looked up on the message index the sender needs anyway: an index on the planned date only for this
 *  was one more B-tree written for each of a national morning's 65,000 rows (migration 0010). */
async function queuedUnder({ db }: Store, messageKeys: readonly string[]): Promise<Set<string>> {
  const queued = new Set<string>();
  for (let i = 0; i < messageKeys.length; i += KEYS_PER_LOOKUP) {
    const rows = await db
      .selectFrom('reminder_outbox')
      .select(['reminder_key', 'contact_id'])
      .where(inList('message_key', messageKeys.slice(i, i + KEYS_PER_LOOKUP)))
      .execute();
    for (const r of rows) queued.add(`${r.reminder_key}\n${r.contact_id}`);
  }
  return queued;
}

// Keys per lookup: one JSON parameter each, well inside D1's size for a bound value.
const KEYS_PER_LOOKUP = 1000;

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
    .where(inList('county_id', countyIds))
    .orderBy('planned_for', 'desc')
    .orderBy('message_key')
    .limit(limit)
    .execute();
}
