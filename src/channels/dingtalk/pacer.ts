// Call pacing: at most `perSecond` calls per API within any window of `windowMs` (DingTalk standard
// edition: 20 QPS per app per API), spread evenly — one call every windowMs / perSecond per API — rather
// than in bursts that would build and write them all in one turn of the event loop. Slots are handed
// out in order per API; the clock and sleep are injected so tests run in virtual time.
import { createSpacer, type Spacer } from '../spacer.ts';

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
  const spacers = new Map<string, Spacer>();

  return {
    async acquire(api) {
      let spacer = spacers.get(api);
      if (!spacer) {
        spacer = createSpacer(windowMs / perSecond);
        spacers.set(api, spacer);
      }
      const wait = spacer.next(now()) - now();
      if (wait > 0) await sleep(wait);
    },
  };
}
