// De-duplication of at-least-once deliveries: the first claim of a key wins, on every instance.
import { rowsPerStatement, type Store } from './store.ts';

// Claims are written in groups: every claim asked for in one turn of the event loop goes into one
// INSERT … ON CONFLICT DO NOTHING RETURNING key, one commit instead of one each (a commit costs ten
// times the row on SQLite). Under load the groups are held to one commit per GROUP_COMMIT_MS — the
// group commit of databases — so a burst shares commits: a claim waits at most that long, and one
// arriving after a quiet spell is written on the next turn. A webhook still answers only after its key
// is durably claimed.
interface Waiting {
  key: string;
  at: string;
  resolve(first: boolean): void;
  reject(error: unknown): void;
}
interface Claims {
  waiting: Waiting[] | undefined;
  lastCommit: number;
}
const GROUP_COMMIT_MS = 1;
const CLAIMS = new WeakMap<Store, Claims>();
// After the I/O callbacks of this turn (Node's setImmediate); a zero timeout where there is none.
const nextTurn: (run: () => void) => void =
  typeof globalThis.setImmediate === 'function' ? (run) => setImmediate(run) : (run) => setTimeout(run, 0);

/** True the first time `key` is claimed; false for a redelivery. */
export function claimEvent(store: Store, key: string, now: Date): Promise<boolean> {
  return new Promise((resolve, reject) => {
    openGroup(store).push({ key, at: now.toISOString(), resolve, reject });
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

async function writeClaims(store: Store, waiting: readonly Waiting[]): Promise<void> {
  // The same key twice in one group: the first asker wins, as it would one after the other.
  const firsts = new Map<string, Waiting>();
  for (const w of waiting) {
    if (firsts.has(w.key)) w.resolve(false);
    else firsts.set(w.key, w);
  }
  const group = [...firsts.values()];
  const perStatement = rowsPerStatement(store, 2);
  for (let i = 0; i < group.length; i += perStatement) {
    const chunk = group.slice(i, i + perStatement);
    try {
      const inserted = await store.db
        .insertInto('processed_events')
        .values(chunk.map((w) => ({ key: w.key, seen_at: w.at })))
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .execute();
      const claimed = new Set(inserted.map((r) => r.key));
      for (const w of chunk) w.resolve(claimed.has(w.key));
    } catch (error) {
      for (const w of chunk) w.reject(error);
    }
  }
}

/** Forgets ids older than `keepHours` (Feishu retries for ~7 h; the default keeps a day). */
export async function pruneEvents({ db }: Store, now: Date, keepHours = 24): Promise<number> {
  const cutoff = new Date(now.getTime() - keepHours * 3_600_000).toISOString();
  const result = await db.deleteFrom('processed_events').where('seen_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
