// The hourly housekeeping of what only guards against repeats: processed event ids after a day,
// DingTalk signatures once out of their window, and windows of wrong guesses long over.
import { pruneFailures } from '../store/attempts-repo.ts';
import { pruneEvents } from '../store/events-repo.ts';
import { pruneSignatures } from '../store/signatures-repo.ts';
import type { Store } from '../store/store.ts';

/** DingTalk accepts an hour of skew either way: a pair can be replayed for two hours after it was signed. */
const SIGNATURE_KEEP_MS = 3 * 3_600_000;
const FAILURES_KEEP_MS = 24 * 3_600_000;

/** Returns how many processed event ids were forgotten. */
export async function pruneHourly(store: Store, now: Date): Promise<number> {
  const pruned = await pruneEvents(store, now);
  await pruneSignatures(store, new Date(now.getTime() - SIGNATURE_KEEP_MS));
  await pruneFailures(store, new Date(now.getTime() - FAILURES_KEEP_MS));
  return pruned;
}
