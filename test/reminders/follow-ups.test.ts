import { describe, expect, it } from 'vitest';
import { followUps } from '../../src/reminders/follow-ups.ts';
import type { DayCard, NewReminder, Queue } from '../../src/store/outbox-repo.ts';

const DAY = '2023-03-24';

function reminder(key: string, unit: string): NewReminder {
  return {
    reminder_key: key,
    unit_id: unit,
    obligation: key,
    period: '2023Q1',
    county_id: unit,
    partner_id: '',
    kind: 'before',
    occurrence: 7,
    planned_for: DAY,
    due: '2023-03-31',
  };
}

const first = (contact: string, unit: string) => ({
  message_key: `rem:${contact}:${DAY}`,
  contact_id: contact,
  unit_id: unit,
  day: DAY,
});

const card = (key: string, state: DayCard['state'], carried: string[] = []): DayCard => ({
  message_key: key,
  contact_id: key.split(':')[1] ?? '',
  state,
  carried,
});

const plan: Queue = {
  reminders: [reminder('L1', 'county:a'), reminder('L2', 'county:a'), reminder('M1', 'county:b')],
  messages: [first('c1', 'county:a'), first('c2', 'county:b')],
};

describe('follow-up cards', () => {
  it('none for a contact whose first card is still to be queued, or still to go', () => {
    expect(followUps(plan, [])).toEqual([]);
    expect(followUps(plan, [card(`rem:c1:${DAY}`, 'pending'), card(`rem:c2:${DAY}`, 'pending')])).toEqual([]);
  });

  it('none when the cards that went out carried everything planned', () => {
    expect(
      followUps(plan, [card(`rem:c1:${DAY}`, 'sent', ['L1']), card(`rem:c1:${DAY}#2`, 'sent', ['L2'])]),
    ).toEqual([]);
  });

  it('numbers a follow-up one past the contact’s last card of the day', () => {
    const cards = [card(`rem:c1:${DAY}`, 'sent', ['L1']), card(`rem:c1:${DAY}#2`, 'skipped')];
    expect(followUps(plan, cards)).toEqual([{ ...first('c1', 'county:a'), message_key: `rem:c1:${DAY}#3` }]);
  });

  it('follows up a contact moved to another unit with that unit’s reminders', () => {
    // c2's first card of the day was for county:a (carrying L1 and L2); it now belongs to county:b.
    const cards = [card(`rem:c2:${DAY}`, 'sent', ['L1', 'L2'])];
    expect(followUps(plan, cards)).toEqual([{ ...first('c2', 'county:b'), message_key: `rem:c2:${DAY}#2` }]);
  });
});
