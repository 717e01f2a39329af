// Chat messages answered and not yet handled: kept with their claim (events-repo.ts) until the bot has
// replied. A process takes some under a lease, handles them and marks them done; a lease that runs out
// (the process died) lets another take them again, so each is handled at least once.
import { type RawBuilder, sql } from 'kysely';
import type { Store } from './store.ts';

export interface WaitingMessage {
  key: string;
  /** The work stored with the claim, parsed. */
  work: unknown;
}

export interface Lease {
  /** Names the taker (the runtime's worker id). */
  worker: string;
  now: Date;
  /** How long the taker may hold them before another process may take them again. */
  leaseMs: number;
}

/** Takes up to `limit` waiting messages, oldest first. Untaken messages come first in the index (NULL
 *  sorts first), by arrival; then leases run out, oldest first. Scanning it in that order and stopping
 *  at the limit reads no more rows than it takes. */
export function takeMessages(store: Store, lease: Lease, limit: number): Promise<WaitingMessage[]> {
  // SQLite has one writer at a time. On PostgreSQL instances take at once: each skips the rows another
  // is taking (SKIP LOCKED), and the outer condition, checked again on a row another has just taken,
  // keeps a message from being taken twice.
  if (store.engine === 'postgres')
    return take(
      store,
      lease,
      (now) => sql`rowid IN (SELECT rowid FROM processed_events WHERE ${waiting(now)}
        ORDER BY taken_until NULLS FIRST, rowid LIMIT ${limit} FOR UPDATE SKIP LOCKED) AND ${waiting(now)}`,
    );
  return take(
    store,
    lease,
    (now) => sql`rowid IN (SELECT rowid FROM processed_events WHERE ${waiting(now)}
      ORDER BY taken_until, rowid LIMIT ${limit})`,
  );
}

/** Extends the lease on the messages `worker` still holds (it is alive and handling them): a lease
 *  is short, so another instance takes over within seconds of one that died. */
export async function renewLeases({ db }: Store, lease: Lease, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const result = await db
    .updateTable('processed_events')
    .set({ taken_until: new Date(lease.now.getTime() + lease.leaseMs).toISOString() })
    .where('key', 'in', keys)
    .where('taken_by', '=', lease.worker)
    .where('work', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Takes the message stored under `key` if it is still waiting (another process may have it). */
export async function takeMessage(store: Store, lease: Lease, key: string): Promise<WaitingMessage | null> {
  const [message] = await take(store, lease, (now) => sql`key = ${key} AND ${waiting(now)}`);
  return message ?? null;
}

/** Leases the messages `which` picks to `lease.worker` and returns them. */
async function take(
  store: Store,
  lease: Lease,
  which: (now: string) => RawBuilder<unknown>,
): Promise<WaitingMessage[]> {
  const until = new Date(lease.now.getTime() + lease.leaseMs).toISOString();
  const rows = await sql<{ key: string; work: string }>`UPDATE processed_events
    SET taken_by = ${lease.worker}, taken_until = ${until}
    WHERE ${which(lease.now.toISOString())}
    RETURNING key, work`.execute(store.db);
  return rows.rows.map(parsed);
}

/** Stored and not yet handled, and not under a lease that still holds at `now`. */
const waiting = (now: string) => sql`work IS NOT NULL AND coalesce(taken_until, '') < ${now}`;

/** The message has been handled (replied to, or failed for good): it waits no more. */
export async function finishMessage({ db }: Store, key: string): Promise<void> {
  await db
    .updateTable('processed_events')
    .set({ work: null, taken_by: null, taken_until: null })
    .where('key', '=', key)
    .execute();
}

/** Who holds leases on waiting messages. */
export async function leaseHolders({ db }: Store): Promise<string[]> {
  const rows = await db
    .selectFrom('processed_events')
    .select('taken_by')
    .distinct()
    .where('work', 'is not', null)
    .where('taken_by', 'is not', null)
    .execute();
  return rows.flatMap((r) => (r.taken_by === null ? [] : [r.taken_by]));
}

/** Hands back the messages `holders` had taken (processes known to be gone), to be taken at once. */
export async function releaseMessages({ db }: Store, holders: readonly string[]): Promise<number> {
  if (holders.length === 0) return 0;
  const result = await db
    .updateTable('processed_events')
    .set({ taken_by: null, taken_until: null })
    .where('work', 'is not', null)
    .where('taken_by', 'in', holders)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many messages wait for an answer (the health check shows it: a backlog that does not shrink
 *  means replies are not leaving). Counted on the index of the waiting alone. */
export async function waitingMessages({ db }: Store): Promise<number> {
  const row = await db
    .selectFrom('processed_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('work', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function parsed(row: { key: string; work: string }): WaitingMessage {
  return { key: row.key, work: JSON.parse(row.work) as unknown };
}
