// How many wrong guesses a sender (绑定 codes) or an address (the console's password) gets before it
// must wait: a fixed window per key, counted in the store so every instance sees the same count.
import { clearFailures, recentFailures, recordFailure } from '../store/attempts-repo.ts';
import type { Store } from '../store/store.ts';

export interface AttemptLimit {
  /** Failures allowed in one window; the next attempt waits for the window to end. */
  max: number;
  windowMs: number;
}

/** A 6-character code of 32 symbols has 10⁹ values: five guesses a quarter of an hour guess none. */
export const BIND_LIMIT: AttemptLimit = { max: 5, windowMs: 15 * 60_000 };
/** A person mistyping the console password a few times is not held up; a guesser is. */
export const PASSWORD_LIMIT: AttemptLimit = { max: 10, windowMs: 15 * 60_000 };

export type AttemptCheck = { blocked: false } | { blocked: true; minutes: number };

export interface Attempts {
  /** Whether `key` must wait before trying again. */
  check(key: string): Promise<AttemptCheck>;
  /** A wrong guess: counted, and whether `key` must now wait. */
  fail(key: string): Promise<AttemptCheck>;
  /** A right one: the count starts again. */
  succeed(key: string): Promise<void>;
}

export function attempts(store: Store, limit: AttemptLimit, now: () => Date): Attempts {
  const verdict = (count: { failures: number; until: Date }): AttemptCheck => {
    if (count.failures < limit.max) return { blocked: false };
    const minutes = Math.max(1, Math.ceil((count.until.getTime() - now().getTime()) / 60_000));
    return { blocked: true, minutes };
  };
  return {
    check: async (key) => verdict(await recentFailures(store, key, now(), limit.windowMs)),
    fail: async (key) => verdict(await recordFailure(store, key, now(), limit.windowMs)),
    succeed: (key) => clearFailures(store, key),
  };
}
