// The one "now" of a process. Production reads the system clock; the demo (the console without a chat
// platform) can move it to any moment, from which it keeps running — so the bot, the reminder sweep
// and the console all see the same demo time.

export interface Clock {
  now(): Date;
}

export interface DemoClock extends Clock {
  /** Moves now to `at`; time runs on from there. */
  set(at: Date): void;
  /** Back to the real time. */
  reset(): void;
  /** Whether now differs from the real time. */
  moved(): boolean;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock running at real speed from `start` (the real time when absent); `real` is injectable for tests. */
export function createDemoClock(start?: Date, real: () => number = Date.now): DemoClock {
  let offset = start ? start.getTime() - real() : 0;
  return {
    now: () => new Date(real() + offset),
    set(at) {
      offset = at.getTime() - real();
    },
    reset() {
      offset = 0;
    },
    moved: () => offset !== 0,
  };
}
