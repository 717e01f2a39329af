// Call pacing: at most `perSecond` calls per API within any window of `windowMs` (DingTalk standard
// edition: 20 QPS per app per API). Slots are handed out in order per API; the clock and sleep are
// injected so tests run in virtual time.

export interface ApiPacer {
  /** Resolves when a call to `api` may start. */
  acquire(api: string): Promise<void>;
}

export interface ApiPacerOptions {
  perSecond?: number;
  windowMs?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export function createApiPacer(options: ApiPacerOptions): ApiPacer {
  const { perSecond = 20, windowMs = 1000, now, sleep } = options;
  const slots = new Map<string, number[]>();

  /** Reserves synchronously, so concurrent callers get distinct, increasing slots. */
  function reserve(api: string): number {
    const taken = slots.get(api) ?? [];
    slots.set(api, taken);
    const bound = taken.length >= perSecond ? (taken[taken.length - perSecond] ?? 0) + windowMs : 0;
    const slot = Math.max(now(), bound);
    taken.push(slot);
    if (taken.length > perSecond) taken.splice(0, taken.length - perSecond);
    return slot;
  }

  return {
    async acquire(api) {
      const wait = reserve(api) - now();
      if (wait > 0) await sleep(wait);
    },
  };
}
