// A card press must be answered within the platform's limit (Feishu: 3 s, else the client shows error
// 200341 and the press is never retried). The bot's work races this deadline: in time, its result is
// the answer; late, the press is answered with "working on it" and the result follows by the platform's
// delayed update when the work is done.

/** Comfortably inside Feishu's 3 s, leaving the network its share. */
export const CARD_DEADLINE_MS = 2500;

export type Raced<T> = { inTime: true; value: T } | { inTime: false; late: Promise<T> };

/** `work`'s result if it settles within `ms`, else the still-running work (a failure is thrown in time). */
export async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<Raced<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    const first = await Promise.race([work.then((value) => ({ value })), expired]);
    return first === 'late' ? { inTime: false, late: work } : { inTime: true, value: first.value };
  } finally {
    clearTimeout(timer);
  }
}
