// Chat messages answered and waiting for the bot (store/inbox-repo.ts), and how they get handled.
// Workers handle each within the request that took it in (`waitUntil`) and sweep up leftovers on cron.
// Node pumps: replies leave no faster than the platform's pace (Feishu: 50 a second per app), so a
// quarter-end burst is taken from the database a few at a time as slots free up, instead of thousands
// of messages held in memory waiting for the pacer — nor lost with it if the process dies.
import type { PendingMessage } from '../conversation/model.ts';
import {
  finishMessage,
  type Lease,
  renewLeases,
  takeMessage,
  takeMessages,
  type WaitingMessage,
} from '../store/inbox-repo.ts';
import type { Store } from '../store/store.ts';

/** How long a process may hold a message before another may take it: far above any one answer. */
export const LEASE_MS = 5 * 60_000;

/** The pump's lease (Node), kept alive every RENEW_EVERY_MS while its process handles the message: a
 *  process that died (on any host) leaves its messages to another instance within seconds. */
export const PUMP_LEASE_MS = 20_000;
export const RENEW_EVERY_MS = 5_000;

export interface InboxDeps {
  store: Store;
  now(): Date;
  /** Names this process in leases. */
  worker: string;
  logger: { error(obj: object, msg?: string): void };
  /** Keeps work alive after a response (Workers waitUntil; a tracked promise on Node). */
  defer(work: Promise<unknown>): void;
  /** The bot's answer to one message (bot/answer.ts); never throws. */
  answer(message: PendingMessage): Promise<void>;
}

export interface Inbox {
  /** The message stored under `key` was taken in: handle it (now, or when the pump gets to it). */
  received(key: string): void;
}

/** Each message handled as soon as it is taken in, within the work the runtime keeps alive. */
export function inboxEach(deps: InboxDeps): Inbox {
  return {
    received(key) {
      deps.defer(
        takeMessage(deps.store, lease(deps), key).then((message) =>
          message ? handle(message, deps) : undefined,
        ),
      );
    },
  };
}

/** Handles up to `limit` messages left waiting (a lease that ran out, a request that ended first), one
 *  taken at a time, so each lease starts when its handling does and none runs out while it waits. */
export async function drainInbox(deps: InboxDeps, limit: number): Promise<number> {
  let handled = 0;
  for (; handled < limit; handled++) {
    const [message] = await takeMessages(deps.store, lease(deps), 1);
    if (!message) break;
    await handle(message, deps);
  }
  return handled;
}

export interface InboxPump extends Inbox {
  /** Looks for waiting messages (at start, and now and then in case taking them failed). */
  wake(): void;
  /** Takes no more messages (shutdown); those being handled finish. */
  stop(): void;
}

/** Messages taken from the store `concurrency` at a time, more as each one is done. Every
 *  RENEW_EVERY_MS the leases of those being handled are renewed and the store is looked at again
 *  (messages another instance left when it died, or whose taking failed). */
export function inboxPump(
  deps: InboxDeps,
  concurrency: number,
  timing: { leaseMs: number; renewEveryMs: number } = {
    leaseMs: PUMP_LEASE_MS,
    renewEveryMs: RENEW_EVERY_MS,
  },
): InboxPump {
  const pumpLease = (): Lease => ({ worker: deps.worker, now: deps.now(), leaseMs: timing.leaseMs });
  // Keys being handled here. One whose handling outlasts its lease (a platform down, its sends retried)
  // comes back from the store; taking it renewed the lease, and it is not started a second time.
  const handling = new Set<string>();
  let taking = false;
  let more = false;
  let stopped = false;
  const run = (message: WaitingMessage) => {
    if (handling.has(message.key)) return;
    handling.add(message.key);
    deps.defer(
      handle(message, deps).finally(() => {
        handling.delete(message.key);
        wake();
      }),
    );
  };
  const pump = async () => {
    taking = true;
    try {
      while (more && !stopped && handling.size < concurrency) {
        more = false;
        const limit = concurrency - handling.size;
        const messages = await takeMessages(deps.store, pumpLease(), limit);
        for (const message of messages) run(message);
        // A full batch: there may be more behind it.
        if (messages.length === limit) more = true;
      }
    } catch (error) {
      // The store is failing: the runtime wakes the pump again later.
      deps.logger.error({ err: error }, 'inbox: taking messages failed');
    } finally {
      taking = false;
    }
  };
  const wake = () => {
    more = true;
    if (!taking && !stopped) void pump();
  };
  const renew = async () => {
    try {
      await renewLeases(deps.store, pumpLease(), [...handling]);
    } catch (error) {
      deps.logger.error({ err: error }, 'inbox: renewing leases failed');
    }
    wake();
  };
  const timer = setInterval(() => void renew(), timing.renewEveryMs);
  timer.unref?.();
  return {
    received: wake,
    wake,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

function lease(deps: InboxDeps): Lease {
  return { worker: deps.worker, now: deps.now(), leaseMs: LEASE_MS };
}

async function handle({ key, work }: WaitingMessage, deps: InboxDeps): Promise<void> {
  if (isPendingMessage(work)) await deps.answer(work);
  else deps.logger.error({ key }, 'inbox: stored message unreadable; dropped');
  try {
    await finishMessage(deps.store, key);
  } catch (error) {
    // Left taken: once the lease runs out it is answered again, with the same reply keys.
    deps.logger.error({ err: error, key }, 'inbox: marking a message handled failed');
  }
}

function isPendingMessage(work: unknown): work is PendingMessage {
  if (typeof work !== 'object' || work === null) return false;
  const { event, to } = work as Partial<Record<'event' | 'to', { kind?: unknown }>>;
  return event?.kind === 'message' && (to?.kind === 'user' || to?.kind === 'chat');
}
