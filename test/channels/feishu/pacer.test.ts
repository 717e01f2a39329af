import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../src/channels/feishu/pacer.ts';

/** Virtual time: sleeps are timers that `drain` fires in order, letting promises settle in between. */
function virtualClock() {
  let t = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: t + ms, resolve })),
    async drain<T>(work: Promise<T>): Promise<T> {
      let done = false;
      void work.then(
        () => (done = true),
        () => (done = true),
      );
      for (let i = 0; i < 100_000 && !done; i += 1) {
        await new Promise((resolve) => setImmediate(resolve));
        if (done) break;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (next) {
          t = Math.max(t, next.at);
          next.resolve();
        }
      }
      return work;
    },
  };
}

/** Every window of `windowMs` holds at most `limit` of the (sorted) times. */
function maxInAnyWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j += 1) {
    while ((sorted[j] ?? 0) - (sorted[i] ?? 0) >= windowMs) i += 1;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe('createPacer', () => {
  it('lets 5 per second through to one chat in a burst of 20', async () => {
    const clock = virtualClock();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    const grants: number[] = [];
    await clock.drain(
      Promise.all(
        Array.from({ length: 20 }, () => pacer.acquire('chat:oc_1').then(() => grants.push(clock.now()))),
      ),
    );
    expect(grants).toHaveLength(20);
    expect(maxInAnyWindow(grants)).toBeLessThanOrEqual(5);
    // Five a window, those five 20 ms apart (the app's even spacing at 50 a second).
    expect(grants).toEqual([
      0, 20, 40, 60, 80, 1000, 1020, 1040, 1060, 1080, 2000, 2020, 2040, 2060, 2080, 3000, 3020, 3040, 3060,
      3080,
    ]);
  });

  it('keeps to 50 per second over the whole app, one every 20 ms rather than in bursts', async () => {
    const clock = virtualClock();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    const grants: number[] = [];
    await clock.drain(
      Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          pacer.acquire(`user:${i}`).then(() => grants.push(clock.now())),
        ),
      ),
    );
    expect(grants).toHaveLength(120);
    expect(maxInAnyWindow(grants)).toBe(50);
    expect(grants).toEqual(Array.from({ length: 120 }, (_, i) => i * 20));
  });

  it('keeps to 1,000 a minute: past that, sends wait for the minute to turn', async () => {
    const clock = virtualClock();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    const grants: number[] = [];
    await clock.drain(
      Promise.all(
        Array.from({ length: 1200 }, (_, i) =>
          pacer.acquire(`user:${i}`).then(() => grants.push(clock.now())),
        ),
      ),
    );
    expect(grants).toHaveLength(1200);
    expect(maxInAnyWindow(grants, 60_000)).toBe(1000);
    expect(maxInAnyWindow(grants)).toBeLessThanOrEqual(50);
    // The first thousand at 50 a second; the 1001st a minute after the first.
    expect(grants[999]).toBe(999 * 20);
    expect(grants[1000]).toBe(60_000);
  });

  it('holds both limits at once for several busy chats', async () => {
    const clock = virtualClock();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep, perTarget: 5, perApp: 8 });
    const grants = new Map<string, number[]>();
    const all: number[] = [];
    const work = ['a', 'b', 'c'].flatMap((chat) =>
      Array.from({ length: 12 }, () =>
        pacer.acquire(chat).then(() => {
          grants.set(chat, [...(grants.get(chat) ?? []), clock.now()]);
          all.push(clock.now());
        }),
      ),
    );
    await clock.drain(Promise.all(work));
    expect(all).toHaveLength(36);
    expect(maxInAnyWindow(all)).toBeLessThanOrEqual(8);
    for (const times of grants.values()) expect(maxInAnyWindow(times)).toBeLessThanOrEqual(5);
  });

  it('does not make a lone send wait, and spaces sends asked for together', async () => {
    let t = 0;
    const slept: number[] = [];
    const pacer = createPacer({ now: () => t, sleep: async (ms) => void slept.push(ms) });
    await pacer.acquire('a');
    t = 500;
    await pacer.acquire('b');
    expect(slept).toEqual([]);
    await Promise.all([pacer.acquire('a'), pacer.acquire('b'), pacer.acquire('a')]);
    expect(slept).toEqual([20, 40, 60]);
  });
});
