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
  const byContact = groupBy(cards, (c) => c.contact_id);
  const remindersOf = groupBy(planned.reminders, (r) => r.unit_id);
  return planned.messages.flatMap((first) => {
    const mine = byContact.get(first.contact_id) ?? [];
    if (mine.length === 0 || mine.some((c) => c.state === 'pending')) return [];
    const carried = new Set(mine.flatMap((c) => c.carried));
    const owed = (remindersOf.get(first.unit_id) ?? []).some((r) => !carried.has(r.reminder_key));
    return owed
      ? [{ ...first, message_key: `${first.message_key}${MARK}${nextNumber(first.message_key, mine)}` }]
      : [];
  });
}

// A follow-up's key is its first card's, this mark, and its number.
const MARK = '#';

/** Whether a card is a follow-up, not a contact's first card of the day. */
export function isFollowUp(messageKey: string): boolean {
  return messageKey.includes(MARK);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** One past the highest card number of a contact's day (its first card being 1). */
function nextNumber(firstKey: string, cards: readonly DayCard[]): number {
  const numbers = cards.map((c) =>
    c.message_key === firstKey ? 1 : Number(c.message_key.slice(firstKey.length + MARK.length)) || 1,
  );
  return Math.max(...numbers) + 1;
}
