// How long to wait before connecting again: exponential from `baseMs` to `maxMs`, with "full jitter"
// (a random wait up to the bound), so a fleet that lost the platform at once does not come back at once.

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, maxMs: 60_000 };

/** The wait before attempt `attempt` (0 = the first retry); `random` in [0, 1). */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const bound = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  // Never quite zero: a gateway that closes every connection at once must not be hammered.
  return Math.max(backoff.baseMs / 10, Math.round(bound * random()));
}
