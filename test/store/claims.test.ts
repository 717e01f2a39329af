// De-duplication claims on every backend: first wins, redeliveries lose, and claims asked for in
// quick succession share commits (group commit) rather than one each.
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { claimEvent, pruneEvents } from '../../src/store/events-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { eachBackend, storeEachTestOn } from '../support/backends.ts';

/** Counts the INSERT statements the store runs, built or written as SQL. */
class InsertCounter implements KyselyPlugin {
  inserts = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const { node } = args;
    if (node.kind === 'InsertQueryNode') this.inserts++;
    if (node.kind === 'RawNode' && /^\s*INSERT\b/i.test(node.sqlFragments[0] ?? '')) this.inserts++;
    return node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

let sqlite: OpenedStore;
let store: Store;
let counter: InsertCounter;
const now = new Date('2023-03-31T08:00:00Z');
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

eachBackend((backend) => {
  storeEachTestOn(
    backend,
    (opened) => {
      sqlite = opened;
      counter = new InsertCounter();
      store = { ...opened, db: opened.db.withPlugin(counter) };
    },
    { seed: false },
  );

  describe('claimEvent', () => {
    it('lets the first claim of a key win and every later one lose, also within one group', async () => {
      const [first, same] = await Promise.all([claimEvent(store, 'k1', now), claimEvent(store, 'k1', now)]);
      expect([first, same]).toEqual([true, false]);
      expect(await claimEvent(store, 'k1', now)).toBe(false);
      expect(await claimEvent(store, 'k2', now)).toBe(true);
      const rows = await sqlite.db.selectFrom('processed_events').select('key').orderBy('key').execute();
      expect(rows.map((r) => r.key)).toEqual(['k1', 'k2']);
    });

    it('groups claims asked for in consecutive turns into shared commits', async () => {
      const claims: Promise<boolean>[] = [];
      for (let i = 0; i < 60; i++) {
        claims.push(claimEvent(store, `burst:${i}`, now));
        await turn();
      }
      expect(await Promise.all(claims)).toEqual(claims.map(() => true));
      // One a turn would be 60 commits; at most one a millisecond they are far fewer.
      expect(counter.inserts).toBeGreaterThan(0);
      expect(counter.inserts).toBeLessThan(30);
      const stored = await sqlite.db.selectFrom('processed_events').select('key').execute();
      expect(stored).toHaveLength(60);
    });

    it('writes a lone claim after a quiet spell without waiting for company', async () => {
      await claimEvent(store, 'early', now);
      await new Promise((resolve) => setTimeout(resolve, 20));
      let settled = false;
      const claim = claimEvent(store, 'late', now).then((first) => {
        settled = true;
        return first;
      });
      const before = counter.inserts;
      // Written on the next turn, before any timer could fire: SQLite answers within it; PostgreSQL
      // has been sent the INSERT by then and answers over the network.
      await turn();
      await turn();
      expect(counter.inserts).toBe(before + 1);
      if (backend.name === 'SQLite') expect(settled).toBe(true);
      expect(await claim).toBe(true);
    });
  });

  describe('pruneEvents', () => {
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    const keys = async () =>
      (await sqlite.db.selectFrom('processed_events').select('key').orderBy('key').execute()).map(
        (r) => r.key,
      );

    it('forgets the claims older than a day and keeps the rest, written in arrival order', async () => {
      for (const [key, age] of [
        ['a', 30],
        ['b', 25],
        ['c', 23],
        ['d', 1],
      ] as const) {
        await claimEvent(store, key, hoursAgo(age));
      }
      expect(await pruneEvents(store, now)).toBe(2);
      expect(await keys()).toEqual(['c', 'd']);
      // A forgotten key can be claimed again; a kept one cannot.
      expect(await claimEvent(store, 'a', now)).toBe(true);
      expect(await claimEvent(store, 'c', now)).toBe(false);
    });

    it('empties the table when every claim is old, and does nothing on an empty one', async () => {
      await claimEvent(store, 'x', hoursAgo(48));
      await claimEvent(store, 'y', hoursAgo(26));
      expect(await pruneEvents(store, now)).toBe(2);
      expect(await keys()).toEqual([]);
      expect(await pruneEvents(store, now)).toBe(0);
    });
  });
});
