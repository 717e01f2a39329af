// Follow-up cards: a contact whose cards of the day have all gone out, while its unit has reminders
// planned today that none of them carried (a sheet returned at 10:00 is owed again; a reminder the
// first card went out without because it was reported meanwhile; a contact moved to another unit).
// Worked out from what is stored, every sweep, so a race lost by one sweep is caught by the next.

import type { DayCard, NewMessage, Queue } from '../store/outbox-repo.ts';

/**
 * The follow-up cards `planned` needs, given every card of its day. None for a contact with a card
 * still to go (it will carry what is new), so one contact never has two cards going out at once. A
 * follow-up's key is its first card's with `#2`, `#3`…, so two sweeps choose the same one.
 */
export function followUps(planned: Queue, cards: readonly DayCard[]): NewMessage[] {
  const byContact = new Map<string, DayCard[]>();
  for (const c of cards) byContact.set(c.contact_id, [...(byContact.get(c.contact_id) ?? []), c]);
  const remindersOf = new Map<string, string[]>();
  for (const r of planned.reminders)
    remindersOf.set(r.unit_id, [...(remindersOf.get(r.unit_id) ?? []), r.reminder_key]);
  return planned.messages.flatMap((first) => {
    const mine = byContact.get(first.contact_id) ?? [];
    if (mine.length === 0 || mine.some((c) => c.state === 'pending')) return [];
    const carried = new Set(mine.flatMap((c) => c.carried));
    const owed = (remindersOf.get(first.unit_id) ?? []).some((key) => !carried.has(key));
    return owed
      ? [{ ...first, message_key: `${first.message_key}#${nextNumber(first.message_key, mine)}` }]
      : [];
  });
}

/** One past the highest card number of a contact's day (its first card being 1). */
function nextNumber(firstKey: string, cards: readonly DayCard[]): number {
  const numbers = cards.map((c) =>
    c.message_key === firstKey ? 1 : Number(c.message_key.slice(firstKey.length + 1)) || 1,
  );
  return Math.max(...numbers) + 1;
}
