// The weekly digest, sent from the reminder sweep: on the days domain/digest-days.ts names, each
// contact of the bureau and of every city gets one card for its scope. Each card is claimed before it
// is sent (announcements table), so two instances sweeping together send it once, and recorded under
// every key of its occasion (the week, the deadline just passed) so that it is not sent again.
import { type Digest, digestsFor, receivesDigest } from '../app/digest.ts';
import type { Messenger } from '../conversation/model.ts';
import { localDate } from '../domain/clock.ts';
import { digestOccasion } from '../domain/digest-days.ts';
import { contactsOf, type Roster } from '../domain/roster.ts';
import {
  announced,
  claimAnnouncement,
  markClaimedSent,
  releaseAnnouncement,
} from '../store/announcements-repo.ts';
import type { Store } from '../store/store.ts';
import { digestCard } from './digest-card.ts';

export interface DigestDeps {
  store: Store;
  messenger: Messenger;
  worker: string;
  isWorkday(date: string): boolean;
  /** A claim older than this belongs to a sweep that died before sending. */
  leaseMinutes: number;
  logger?: { warn(obj: object, msg?: string): void };
}

/** Sends today's digest to every recipient not yet sent it; returns how many cards went. */
export async function sendDigests(deps: DigestDeps, roster: Roster, now: Date): Promise<number> {
  const today = localDate(now);
  const occasion = digestOccasion(today, deps.isWorkday);
  if (!occasion) return 0;
  const recipients = roster.units.filter(receivesDigest).flatMap((unit) =>
    contactsOf(roster, unit.id)
      .filter((c) => c.platform && c.platformUserId)
      .map((contact) => ({ unit, contact })),
  );
  const keysOf = (contactId: string) => occasion.keys.map((k) => `digest:${k}:${contactId}`);
  const done = await announced(
    deps.store,
    recipients.flatMap(({ contact }) => keysOf(contact.id)),
  );
  const waiting = recipients.filter(({ contact }) => !keysOf(contact.id).some((k) => done.has(k)));
  if (waiting.length === 0) return 0;
  const units = [...new Map(waiting.map(({ unit }) => [unit.id, unit])).values()];
  const digests = new Map<string, Digest>(
    (await digestsFor(deps.store, roster, units, occasion.period, now)).map((d) => [d.unit.id, d]),
  );
  const lease = new Date(now.getTime() - deps.leaseMinutes * 60_000);
  let sent = 0;
  for (const { unit, contact } of waiting) {
    const digest = digests.get(unit.id);
    const keys = keysOf(contact.id);
    // The most particular key is claimed: the deadline just passed, else the week.
    const key = keys[keys.length - 1] ?? '';
    if (!digest || !contact.platform || !contact.platformUserId) continue;
    const claim = await claimAnnouncement(deps.store, key, deps.worker, now, lease);
    if (!claim) continue;
    try {
      await deps.messenger.send(
        { kind: 'user', platform: contact.platform, userId: contact.platformUserId },
        {
          kind: 'card',
          card: digestCard(digest, { today, occasion: occasion.reason }),
        },
        key,
      );
      await markClaimedSent(deps.store, keys, now);
      sent += 1;
    } catch (error) {
      await releaseAnnouncement(deps.store, key, claim);
      deps.logger?.warn({ err: error, unit: unit.id }, 'weekly digest not sent');
    }
  }
  return sent;
}
