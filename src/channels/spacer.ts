// Evenly spaced slots: each at least `intervalMs` after the one before, none before it is asked for.
// An idle caller goes at once; callers arriving together go one interval apart, in the order they asked.
// A rate of n per window held this way never puts more than n in any window, and never in a burst.

export interface Spacer {
  /** Reserves the next slot at or after `now` (synchronously, so concurrent callers get distinct slots). */
  next(now: number): number;
}

export function createSpacer(intervalMs: number): Spacer {
  let last = Number.NEGATIVE_INFINITY;
  return {
    next(now) {
      last = Math.max(now, last + intervalMs);
      return last;
    },
  };
}
