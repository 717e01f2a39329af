// Chat messages kept with their claim, on every backend (test/support/backends.ts): stored only with the first delivery, taken
// oldest first under a lease, not taken twice while the lease holds, taken again once it has run out or
// been released, and gone from the waiting once finished.
import { describe, expect, it } from 'vitest';
import { claimEvent } from '../../src/store/events-repo.ts';
import {
  finishMessage,
  type Lease,
  leaseHolders,
  releaseMessages,
  renewLeases,
  takeMessage,
  takeMessages,
} from '../../src/store/inbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { eachBackend, storeEachTestOn } from '../support/backends.ts';

let store: OpenedStore;
const now = new Date('2023-03-31T08:00:00Z');
const MINUTE = 60_000;
const lease = (worker: string, at = now): Lease => ({ worker, now: at, leaseMs: 5 * MINUTE });
const work = (n: number) => ({
  event: { kind: 'message', id: `om_${n}`, text: `第${n}条 "引号" \\ 反斜杠` },
});

async function claimAll(count: number) {
  const claims = Array.from({ length: count }, (_, i) => claimEvent(store, `m:${i}`, now, work(i)));
  return Promise.all(claims);
}

eachBackend((backend) => {
  storeEachTestOn(
    backend,
    (s) => {
      store = s;
    },
    { seed: false },
  );

  describe('the waiting messages', () => {
    it('keeps the work of the first claim only, and none for a claim without work', async () => {
      expect(await claimEvent(store, 'm:1', now, work(1))).toBe(true);
      expect(await claimEvent(store, 'm:1', now, work(99))).toBe(false);
      expect(await claimEvent(store, 'evt:1', now)).toBe(true);
      const rows = await store.db
        .selectFrom('processed_events')
        .select(['key', 'work'])
        .orderBy('key')
        .execute();
      expect(rows).toEqual([
        { key: 'evt:1', work: null },
        { key: 'm:1', work: JSON.stringify(work(1)) },
      ]);
    });

    it('hands them out oldest first, each to one taker while its lease holds', async () => {
      await claimAll(7);
      const a = await takeMessages(store, lease('a'), 3);
      const b = await takeMessages(store, lease('b'), 10);
      expect(a.map((m) => m.key)).toEqual(['m:0', 'm:1', 'm:2']);
      expect(b.map((m) => m.key)).toEqual(['m:3', 'm:4', 'm:5', 'm:6']);
      expect(a[1]?.work).toEqual(work(1));
      expect(await takeMessages(store, lease('c'), 10)).toEqual([]);
      expect(await takeMessage(store, lease('c'), 'm:0')).toBeNull();
      expect((await leaseHolders(store)).sort()).toEqual(['a', 'b']);
    });

    it('lets another process take a message once the lease has run out, and none once finished', async () => {
      await claimAll(2);
      await takeMessages(store, lease('a'), 2);
      await finishMessage(store, 'm:0');
      const later = new Date(now.getTime() + 6 * MINUTE);
      expect(await takeMessages(store, lease('b', new Date(now.getTime() + 4 * MINUTE)), 5)).toEqual([]);
      const retaken = await takeMessages(store, lease('b', later), 5);
      expect(retaken.map((m) => m.key)).toEqual(['m:1']);
      await finishMessage(store, 'm:1');
      expect(await takeMessages(store, lease('c', new Date(later.getTime() + 60 * MINUTE)), 5)).toEqual([]);
      expect(await leaseHolders(store)).toEqual([]);
    });

    it('gives back at once what a gone process had taken, and only that', async () => {
      await claimAll(4);
      await takeMessages(store, lease('host:1'), 2);
      await takeMessages(store, lease('host:2'), 1);
      expect(await releaseMessages(store, ['host:1'])).toBe(2);
      expect(await releaseMessages(store, [])).toBe(0);
      const taken = await takeMessages(store, lease('host:3'), 10);
      expect(taken.map((m) => m.key).sort()).toEqual(['m:0', 'm:1', 'm:3']);
    });

    it('keeps a message with control characters (NUL included) as it came', async () => {
      const odd = { event: { kind: 'message', id: 'om_nul', text: '\u0000\t恩施州\u0001' } };
      expect(await claimEvent(store, 'm:nul', now, odd)).toBe(true);
      expect(await takeMessage(store, lease('a'), 'm:nul')).toEqual({ key: 'm:nul', work: odd });
    });

    it('claims a key holding a NUL character once, and takes its message by that key', async () => {
      expect(await claimEvent(store, 'm:\u0000x', now, work(7))).toBe(true);
      expect(await claimEvent(store, 'm:\u0000x', now, work(8))).toBe(false);
      expect(await takeMessage(store, lease('a'), 'm:\u0000x')).toMatchObject({ work: work(7) });
      expect(await takeMessage(store, lease('b'), 'm:\u0000y')).toBeNull();
    });

    it('takes one message by its key while it waits', async () => {
      await claimAll(3);
      const one = await takeMessage(store, lease('a'), 'm:2');
      expect(one).toEqual({ key: 'm:2', work: work(2) });
      expect((await takeMessages(store, lease('b'), 5)).map((m) => m.key)).toEqual(['m:0', 'm:1']);
      expect(await takeMessage(store, lease('b'), 'm:404')).toBeNull();
    });

    it('keeps a lease alive while its holder renews it, and only its holder', async () => {
      await claimAll(2);
      await takeMessages(store, lease('a'), 2);
      const later = new Date(now.getTime() + 4 * MINUTE);
      expect(await renewLeases(store, lease('a', later), ['m:0'])).toBe(1);
      expect(await renewLeases(store, lease('b', later), ['m:1'])).toBe(0);
      const after = new Date(now.getTime() + 6 * MINUTE);
      expect((await takeMessages(store, lease('b', after), 5)).map((m) => m.key)).toEqual(['m:1']);
    });

    it('never hands one message to two takers at once', async () => {
      await claimAll(40);
      const takers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => takeMessages(store, lease(`t${i}`), 7)),
      );
      const keys = takers.flat().map((m) => m.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBe(40);
    });
  });
});
