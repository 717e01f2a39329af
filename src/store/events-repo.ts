// De-duplication of at-least-once deliveries: the first claim of a key wins, on every instance.
import { sql } from 'kysely';
import { storedText } from './postgres-text.ts';
import type { Store } from './store.ts';

// Claims are written in groups: every claim asked for in one turn of the event loop goes into one
// INSERT … ON CONFLICT DO NOTHING RETURNING key, one commit instead of one each (a commit costs ten
// times the row on SQLite). Under load the groups are held to one commit per GROUP_COMMIT_MS — the
// group commit of databases — so a burst shares commits: a claim waits at most that long, and one
// arriving after a quiet spell is written on the next turn. Chat messages are claimed after they are
// answered (channels/message-intake.ts), so the wait is felt only by card presses, which are claimed
// before the bot acts: 10 ms against the 3 s a platform gives a callback, for ~50 claims a commit at
// quarter-end rates instead of a handful.
interface Waiting {
  key: string;
  /** What a chat message leaves to be handled after its answer (inbox-repo.ts takes it from there). */
  work: object | null;
  at: string;
  resolve(first: boolean): void;
  reject(error: unknown): void;
}
interface Claims {
  waiting: Waiting[] | undefined;
  lastCommit: number;
}
const GROUP_COMMIT_MS = 10;
const CLAIMS = new WeakMap<Store, Claims>();
// After the I/O callbacks of this turn (Node's setImmediate); a zero timeout where there is none.
const nextTurn: (run: () => void) => void =
  typeof globalThis.setImmediate === 'function' ? (run) => setImmediate(run) : (run) => setTimeout(run, 0);

/** True the first time `key` is claimed; false for a redelivery. `work`, when given, is kept with the
 *  first claim in the same statement, so a message is never claimed without what it asks for. */
export function claimEvent(store: Store, key: string, now: Date, work?: object): Promise<boolean> {
  return new Promise((resolve, reject) => {
    openGroup(store).push({ key, work: work ?? null, at: now.toISOString(), resolve, reject });
  });
}

/** The group the next claim joins: the one waiting for its commit, or a new one scheduled now. */
function openGroup(store: Store): Waiting[] {
  let claims = CLAIMS.get(store);
  if (!claims) {
    claims = { waiting: undefined, lastCommit: Number.NEGATIVE_INFINITY };
    CLAIMS.set(store, claims);
  }
  if (claims.waiting) return claims.waiting;
  const state = claims;
  const group: Waiting[] = [];
  const write = () => {
    state.waiting = undefined;
    state.lastCommit = performance.now();
    void writeClaims(store, group);
  };
  const wait = state.lastCommit + GROUP_COMMIT_MS - performance.now();
  if (wait > 0) setTimeout(write, wait);
  else nextTurn(write);
  state.waiting = group;
  return group;
}

// One statement text for any group size (the claims travel as one JSON array of [key, work] pairs), so
// it is compiled once and stays well inside D1's 100 bound parameters. `WHERE true` is SQLite's rule for
// an upsert after SELECT; `nullif` turns an absent work (JSON null) into SQL NULL.
const MAX_KEYS_PER_STATEMENT = 500;

async function writeClaims(store: Store, waiting: readonly Waiting[]): Promise<void> {
  // The same key twice in one group: the first asker wins, as it would one after the other.
  const firsts = new Map<string, Waiting>();
  for (const w of waiting) {
    if (firsts.has(w.key)) w.resolve(false);
    else firsts.set(w.key, w);
  }
  const group = [...firsts.values()];
  for (let i = 0; i < group.length; i += MAX_KEYS_PER_STATEMENT) {
    const chunk = group.slice(i, i + MAX_KEYS_PER_STATEMENT);
    try {
      const inserted = await claimStatement(store, chunk[0]?.at ?? '', chunk).execute(store.db);
      const claimed = new Set(inserted.rows.map((r) => r.key));
      for (const w of chunk) w.resolve(claimed.has(storedText(store, w.key)));
    } catch (error) {
      for (const w of chunk) w.reject(error);
    }
  }
}

// On PostgreSQL the claims travel as two text arrays instead: its JSON functions refuse to turn a
// \u0000 inside the JSON into text (a chat message may hold one; SQLite keeps it), while the work as
// JSON text keeps it escaped, as SQLite stores it.
function claimStatement(store: Store, at: string, chunk: readonly Waiting[]) {
  if (store.engine === 'postgres')
    return sql<{ key: string }>`INSERT INTO processed_events (key, seen_at, work)
      SELECT k, ${at}, w FROM unnest(${chunk.map((c) => c.key)}::text[], ${chunk.map((c) =>
        c.work === null ? null : JSON.stringify(c.work),
      )}::text[]) AS t(k, w)
      ON CONFLICT (key) DO NOTHING RETURNING key`;
  const claims = JSON.stringify(chunk.map((w) => [w.key, w.work]));
  return sql<{ key: string }>`INSERT INTO processed_events (key, seen_at, work)
    SELECT value ->> 0, ${at}, nullif(value -> 1, 'null') FROM json_each(${claims}) WHERE true
    ON CONFLICT (key) DO NOTHING RETURNING key`;
}

/** Forgets ids older than `keepHours` (Feishu retries for ~7 h; the default keeps a day), with any
 *  message among them still unhandled after a day: answering it now would only confuse. Claims are
 *  written as they arrive, so rowid order is arrival order (PostgreSQL numbers them in a column of that
 *  name, migration 0002): the expired ones are the rows before the
 *  first one seen since the cutoff, and finding it reads only those (there is no index on seen_at). */
export async function pruneEvents({ db }: Store, now: Date, keepHours = 24): Promise<number> {
  const cutoff = new Date(now.getTime() - keepHours * 3_600_000).toISOString();
  const result = await sql`DELETE FROM processed_events WHERE rowid < coalesce(
      (SELECT rowid FROM processed_events WHERE seen_at >= ${cutoff} ORDER BY rowid LIMIT 1),
      (SELECT max(rowid) + 1 FROM processed_events))`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
