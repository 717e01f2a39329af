// Asks the platforms who read the cards that went out, within their quotas: only cards not known to be
// read, inside the platform's window (Feishu: 7 days), whose items are still owed (a read or a reported
// sheet changes no next step), each at most once an hour, at most `limit` a sweep — and one call per
// platform id (a DingTalk batch's cards share theirs). A refusal is logged once (refusals.ts) and that
// platform is not asked again this sweep; the rest goes on.
import type { Platform } from '../conversation/model.ts';
import type { Receipts } from '../conversation/receipts.ts';
import { remindersByKey } from '../store/outbox-repo.ts';
import { cardsToAsk, recordReading } from '../store/receipts-repo.ts';
import type { Store } from '../store/store.ts';
import type { RefusalLog } from './refusals.ts';
import type { DayPlan } from './today.ts';

export interface ReadingDeps {
  store: Store;
  receipts: Partial<Record<Platform, Receipts>>;
  refusals: RefusalLog;
}

/** A card is asked about again at most this often. */
export const ASK_EVERY_MS = 60 * 60_000;
/** Cards asked about per sweep at most (Feishu allows 1,000 calls a minute for the whole app). */
export const ASK_PER_SWEEP = 200;
const DAY_MS = 86_400_000;

/** Asks about the cards worth asking about; answers how many platform calls it made. */
export async function askReadings(deps: ReadingDeps, day: DayPlan, now: Date): Promise<number> {
  const days = Math.max(0, ...Object.values(deps.receipts).map((r) => r?.readableForDays ?? 0));
  if (days === 0) return 0;
  const cards = await cardsToAsk(deps.store, {
    sentSince: new Date(now.getTime() - days * DAY_MS).toISOString(),
    askedBefore: new Date(now.getTime() - ASK_EVERY_MS).toISOString(),
    limit: ASK_PER_SWEEP,
  });
  if (cards.length === 0) return 0;
  const reminders = new Map(
    (
      await remindersByKey(
        deps.store,
        cards.flatMap((c) => c.carried),
      )
    ).map((r) => [r.reminder_key, r]),
  );
  // One call per platform id, for the cards that share it and are still worth it.
  const byId = new Map<string, { platform: Platform; cards: { key: string; userId: string }[] }>();
  for (const card of cards) {
    const contact = day.roster.contacts.find((c) => c.id === card.contact_id);
    if (!contact?.platform || !contact.platformUserId) continue;
    const receipts = deps.receipts[contact.platform];
    if (!receipts || Date.parse(card.sent_at) < now.getTime() - receipts.readableForDays * DAY_MS) continue;
    const owed = card.carried.some((key) => {
      const r = reminders.get(key);
      return r !== undefined && day.isPlanned(r);
    });
    if (!owed) continue;
    const id = `${contact.platform}|${card.platform_message_id}`;
    const entry = byId.get(id) ?? { platform: contact.platform, cards: [] };
    entry.cards.push({ key: card.message_key, userId: contact.platformUserId });
    byId.set(id, entry);
  }
  let calls = 0;
  const refused = new Set<Platform>();
  const read: string[] = [];
  const unread: string[] = [];
  for (const [id, { platform, cards: sharing }] of byId) {
    const receipts = deps.receipts[platform];
    if (!receipts || refused.has(platform)) continue;
    calls += 1;
    let readers: readonly string[];
    try {
      readers = await receipts.readers(id.slice(platform.length + 1));
    } catch (error) {
      if (deps.refusals.note(error)) refused.add(platform);
      continue;
    }
    for (const c of sharing) (readers.includes(c.userId) ? read : unread).push(c.key);
  }
  // Two writes for the sweep, not two per call (a Worker has 1,000 queries an invocation).
  await recordReading(deps.store, read, 'read', now);
  await recordReading(deps.store, unread, 'unread', now);
  return calls;
}
