// Send pacing: at most `perTarget` sends per window to one recipient or chat, the app's sends spread
// evenly at `perApp` per window (Feishu: 5 QPS per user, 5 QPS per group, 50 QPS per app), and at most
// `perMinute` in any minute (Feishu: also 1,000 a minute, so a sustained stream tops out near 16.7 a
// second; without this it ran at 50 and recovered only through 429s). A
// sliding-window log per target; for the app, one send every windowMs / perApp (a steady stream never
// puts more than perApp in any window). Evenly, not in bursts of 50: a burst would be 50 requests built
// and written in one turn of the event loop, stalling the webhook answers queued behind them. The clock
// and sleep are injected so tests run in virtual time.
import { createSpacer } from '../spacer.ts';

export interface Pacer {
  /** Resolves when a send to `target` may start. */
  acquire(target: string): Promise<void>;
}

export interface PacerOptions {
  perTarget?: number;
  perApp?: number;
  windowMs?: number;
  /** Sends per minute for the whole app (Feishu: 1,000). */
  perMinute?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export function createPacer(options: PacerOptions): Pacer {
  const { perTarget = 5, perApp = 50, windowMs = 1000, perMinute = 1000, now, sleep } = options;
  const targetSlots = new Map<string, number[]>();
  const targetQueues = new Map<string, Promise<void>>();
  const app = createSpacer(windowMs / perApp);
  /** The app's last `perMinute` slots, oldest first: a slot comes a minute after the one perMinute back. */
  const minute: number[] = [];
  const appSlot = (at: number) => {
    const bound = minute.length >= perMinute ? (minute[minute.length - perMinute] ?? 0) + 60_000 : at;
    const slot = app.next(Math.max(at, bound));
    minute.push(slot);
    if (minute.length > perMinute) minute.splice(0, minute.length - perMinute);
    return slot;
  };

  async function waitUntil(time: number): Promise<void> {
    const wait = time - now();
    if (wait > 0) await sleep(wait);
  }

  function bound(slots: readonly number[], limit: number): number {
    return slots.length >= limit ? (slots[slots.length - limit] ?? 0) + windowMs : Number.NEGATIVE_INFINITY;
  }

  /** Runs one target at a time: wait for the target's window, then take an app slot synchronously, so
   *  app slots are handed out in increasing order. */
  async function reserve(target: string): Promise<number> {
    const slots = targetSlots.get(target) ?? [];
    targetSlots.set(target, slots);
    await waitUntil(bound(slots, perTarget));
    const slot = appSlot(now());
    slots.push(slot);
    if (slots.length > perTarget) slots.splice(0, slots.length - perTarget);
    return slot;
  }

  function forgetIdleTargets(): void {
    if (targetSlots.size < 1000) return;
    const cutoff = now() - windowMs;
    for (const [target, slots] of targetSlots) {
      if ((slots[slots.length - 1] ?? 0) < cutoff && !targetQueues.has(target)) targetSlots.delete(target);
    }
  }

  return {
    async acquire(target) {
      forgetIdleTargets();
      const previous = targetQueues.get(target) ?? Promise.resolve();
      const reserved = previous.then(() => reserve(target));
      const settled = reserved.then(
        () => {},
        () => {},
      );
      targetQueues.set(target, settled);
      void settled.then(() => {
        if (targetQueues.get(target) === settled) targetQueues.delete(target);
      });
      await waitUntil(await reserved);
    },
  };
}
