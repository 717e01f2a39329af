// The inbox over a real SQLite file: the Node pump answers every waiting message once, never more than
// its concurrency at a time; each-at-once (Workers) answers a message within the work it defers; the
// cron's drain answers what was left; a message that cannot be read is dropped, not retried forever.
import { describe, expect, it, vi } from 'vitest';
import { drainInbox, type InboxDeps, inboxEach, inboxPump, LEASE_MS } from '../../src/app/inbox.ts';
import type { PendingMessage } from '../../src/conversation/model.ts';
import { claimEvent } from '../../src/store/events-repo.ts';
import { takeMessages } from '../../src/store/inbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { emptyStore, storeEachTest } from '../support/demo-store.ts';

let store: OpenedStore;
const now = new Date('2023-03-31T08:00:00Z');
storeEachTest((s) => {
  store = s;
}, emptyStore);

const message = (n: number): PendingMessage => ({
  event: {
    kind: 'message',
    id: `om_${n}`,
    sender: { platform: 'feishu', userId: `ou_${n}` },
    conversation: { id: `oc_${n}`, kind: 'direct', mentioned: false },
    text: `进度 ${n}`,
  },
  to: { kind: 'chat', platform: 'feishu', chatId: `oc_${n}` },
});

/** Inbox deps over the store whose answers are recorded, each taking a little while. */
function recording(clock = () => now) {
  const answered: string[] = [];
  const errors: object[] = [];
  const deferred: Promise<unknown>[] = [];
  let inFlight = 0;
  let most = 0;
  const deps: InboxDeps = {
    store,
    now: clock,
    worker: 'test:1',
    logger: { error: (obj) => void errors.push(obj) },
    defer: (work) => void deferred.push(work),
    answer: async ({ event }) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      answered.push(event.id);
      inFlight--;
    },
  };
  const settle = async () => {
    while (deferred.length > 0) await Promise.all(deferred.splice(0));
  };
  return { deps, answered, errors, settle, most: () => most };
}

async function waiting(): Promise<number> {
  const rows = await store.db
    .selectFrom('processed_events')
    .select('key')
    .where('work', 'is not', null)
    .execute();
  return rows.length;
}

describe('inboxPump', () => {
  it('answers every waiting message once, at most `concurrency` at a time', async () => {
    const { deps, answered, errors, most } = recording();
    const pump = inboxPump(deps, 4);
    const keys = Array.from({ length: 120 }, (_, i) => `feishu:msg:om_${i}`);
    await Promise.all(
      keys.map(async (key, i) => {
        if (await claimEvent(store, key, now, message(i))) pump.received(key);
      }),
    );
    await vi.waitFor(async () => expect(answered).toHaveLength(120), { timeout: 10_000, interval: 20 });
    await vi.waitFor(async () => expect(await waiting()).toBe(0));
    expect(new Set(answered).size).toBe(120);
    expect(most()).toBe(4);
    expect(errors).toEqual([]);
  });

  it('finds messages already waiting when woken (a restart), and takes none once stopped', async () => {
    for (let i = 0; i < 5; i++) await claimEvent(store, `k${i}`, now, message(i));
    const { deps, answered } = recording();
    const pump = inboxPump(deps, 2);
    pump.wake();
    await vi.waitFor(() => expect(answered).toHaveLength(5));
    pump.stop();
    await claimEvent(store, 'k-late', now, message(99));
    pump.received('k-late');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(answered).toHaveLength(5);
    expect(await waiting()).toBe(1);
  });

  it('does not start a message again whose handling outlasts its lease', async () => {
    let clock = now;
    const { deps } = recording(() => clock);
    const started: string[] = [];
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    deps.answer = async ({ event }) => {
      started.push(event.id);
      if (event.id === 'om_0') await slow;
    };
    const pump = inboxPump(deps, 2);
    await claimEvent(store, 'k0', now, message(0));
    pump.received('k0');
    await vi.waitFor(() => expect(started).toEqual(['om_0']));
    // Its sends keep failing past the lease; the next message wakes the pump, which finds it again.
    clock = new Date(now.getTime() + LEASE_MS + 1);
    await claimEvent(store, 'k1', clock, message(1));
    pump.received('k1');
    await vi.waitFor(() => expect(started).toEqual(['om_0', 'om_1']));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(started).toEqual(['om_0', 'om_1']);
    release();
    await vi.waitFor(async () => expect(await waiting()).toBe(0));
  });

  it('drops a message it cannot read, with an error logged, and goes on', async () => {
    await store.db
      .insertInto('processed_events')
      .values({ key: 'bad', seen_at: now.toISOString(), work: '{"event":{"kind":"card_action"}}' })
      .execute();
    await claimEvent(store, 'good', now, message(1));
    const { deps, answered, errors } = recording();
    inboxPump(deps, 2).wake();
    await vi.waitFor(() => expect(answered).toEqual(['om_1']));
    await vi.waitFor(async () => expect(await waiting()).toBe(0));
    expect(errors).toEqual([{ key: 'bad' }]);
  });
});

describe('inboxEach and drainInbox (Workers)', () => {
  it('answers a received message within the work it defers, once even if told twice', async () => {
    const { deps, answered, settle } = recording();
    const inbox = inboxEach(deps);
    await claimEvent(store, 'k', now, message(7));
    inbox.received('k');
    inbox.received('k');
    await settle();
    expect(answered).toEqual(['om_7']);
    expect(await waiting()).toBe(0);
  });

  it('drains what a request took and never finished, once its lease has run out', async () => {
    for (let i = 0; i < 3; i++) await claimEvent(store, `k${i}`, now, message(i));
    // A request took two and its isolate went away.
    await takeMessages(store, { worker: 'gone', now, leaseMs: LEASE_MS }, 2);
    const early = recording();
    expect(await drainInbox(early.deps, 10)).toBe(1);
    expect(early.answered).toEqual(['om_2']);
    const late = recording(() => new Date(now.getTime() + LEASE_MS + 1));
    expect(await drainInbox(late.deps, 1)).toBe(1);
    expect(await drainInbox(late.deps, 10)).toBe(1);
    expect(late.answered).toEqual(['om_0', 'om_1']);
    expect(await waiting()).toBe(0);
  });
});
