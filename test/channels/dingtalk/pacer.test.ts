import { describe, expect, it } from 'vitest';
import { createApiPacer } from '../../../src/channels/dingtalk/pacer.ts';

/** A clock that only moves when the pacer sleeps. */
function sleepingClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe('createApiPacer', () => {
  it('spreads calls to one API evenly at 20 a second, and lets a lone call through at once', async () => {
    const clock = sleepingClock();
    const pacer = createApiPacer(clock);
    const starts: number[] = [];
    for (let i = 0; i < 45; i++) {
      await pacer.acquire('/v1.0/robot/oToMessages/batchSend');
      starts.push(clock.now());
    }
    expect(starts).toEqual(Array.from({ length: 45 }, (_, i) => i * 50));
    const inFirstSecond = starts.filter((t) => t < 1000);
    expect(inFirstSecond).toHaveLength(20);
  });

  it('paces each API on its own', async () => {
    const clock = sleepingClock();
    const pacer = createApiPacer({ ...clock, perSecond: 10 });
    await pacer.acquire('/a');
    await pacer.acquire('/b');
    expect(clock.now()).toBe(0);
    await pacer.acquire('/a');
    expect(clock.now()).toBe(100);
  });
});
