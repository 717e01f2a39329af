// Tells the bureau when the calendar runs on estimates: from December 1st, if next year's holiday
// schedule has not been entered (nor shipped with the package), and at any time of a year that has
// none, each of the bureau's contacts is told once in chat — what is estimated and how to enter it.
import type { Messenger } from '../bot/model.ts';
import { localDate } from '../domain/clock.ts';
import { contactsOf, type Roster } from '../domain/roster.ts';
import type { WorkCalendar } from '../domain/workdays.ts';
import { say } from '../prompts.ts';
import { announced, markAnnounced } from '../store/announcements-repo.ts';
import type { Store } from '../store/store.ts';

/** The years that lack a schedule and should be announced at `now`: this one, and from December on the next. */
export function yearsToAnnounce(calendar: WorkCalendar, now: Date): number[] {
  const today = localDate(now);
  const year = Number(today.slice(0, 4));
  const years = today.slice(5, 7) === '12' ? [year, year + 1] : [year];
  return years.filter((y) => calendar.basis(y) === 'estimated');
}

/** Sends the announcement to every bureau contact not yet told; returns how many were told. A failed
 *  send is not recorded, so the next sweep tries again (the key makes a repeat harmless). */
export async function announceMissingSchedules(
  deps: { store: Store; messenger: Messenger; logger?: { warn(obj: object, msg?: string): void } },
  calendar: WorkCalendar,
  roster: Roster,
  now: Date,
): Promise<number> {
  const years = yearsToAnnounce(calendar, now);
  if (years.length === 0) return 0;
  const contacts = roster.units
    .filter((u) => u.kind === 'bureau')
    .flatMap((u) => contactsOf(roster, u.id))
    .filter((c) => c.platform && c.platformUserId);
  const wanted = years.flatMap((year) => contacts.map((contact) => ({ year, contact })));
  const keys = wanted.map(({ year, contact }) => `holidays-missing:${year}:${contact.id}`);
  const done = await announced(deps.store, keys);
  let told = 0;
  for (const [i, { year, contact }] of wanted.entries()) {
    const key = keys[i] ?? '';
    if (done.has(key) || !contact.platform || !contact.platformUserId) continue;
    try {
      await deps.messenger.send(
        { kind: 'user', platform: contact.platform, userId: contact.platformUserId },
        { kind: 'text', text: say('holidays.missingAnnouncement', { year }) },
        key,
      );
      await markAnnounced(deps.store, key, now);
      told += 1;
    } catch (error) {
      deps.logger?.warn({ err: error, year }, 'holiday schedule announcement not sent');
    }
  }
  return told;
}
