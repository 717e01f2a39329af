// Deferred work run a few at a time: a chat message is acknowledged at once and handled afterwards,
// and its reply can leave no faster than the platform's pace (Feishu: 50 a second per app). Started
// all at once, a burst of messages would compute thousands of replies that then sit waiting for the
// pacer — memory held, and CPU taken from acknowledging the messages still arriving. Queued, each
// waits as the small event it is.

export type WorkQueue = <T>(work: () => Promise<T>) => Promise<T>;

export function createWorkQueue(concurrency: number): WorkQueue {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running < concurrency) running++;
    // A finishing job hands its slot straight to the next one, so `running` stays put.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
