// A clarifying button sends a reading's own phrasing: read again, it must be the same reading, for
// every intent each role can mean, or pressing a button would ask again or do something else.
import { describe, expect, it } from 'vitest';
import { phrase } from '../../src/bot/chat/phrase.ts';
import type { IntentName } from '../../src/understanding/understand.ts';
import { understand } from '../../src/understanding/understand.ts';
import type { Role } from '../understanding/corpus.ts';
import { askerOf, DEMO_LEXICON } from '../understanding/support.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const Q1 = { year: 2023, quarter: 1 as const };

/** What each role can mean, and the place each intent is asked about. */
const MEANT: Record<Role, IntentName[]> = {
  county: ['fill', 'own_status', 'deadline', 'history', 'export', 'reminders', 'help', 'thanks'],
  lead_unit: [
    'fill',
    'unreported',
    'progress',
    'summary',
    'county',
    'deadline',
    'history',
    'nudge',
    'export',
    'reminders',
    'review',
    'help',
    'thanks',
  ],
  city: [
    'unreported',
    'progress',
    'summary',
    'county',
    'deadline',
    'nudge',
    'export',
    'reminders',
    'digest',
    'help',
    'thanks',
  ],
  bureau: [
    'unreported',
    'progress',
    'summary',
    'county',
    'deadline',
    'nudge',
    'export',
    'reminders',
    'digest',
    'close',
    'reopen',
    'help',
    'thanks',
  ],
};
const FOR_COUNTY = new Set<IntentName>(['county', 'nudge', 'reopen', 'fill']);

describe.each(Object.keys(MEANT) as Role[])('phrasings read back (%s)', (role) => {
  it.each(MEANT[role])('%s', (intent) => {
    for (const ledger of ['a2', 'a5', null] as const) {
      const county = FOR_COUNTY.has(intent) && role !== 'county' ? '竹山县' : null;
      const city =
        !county && ['unreported', 'progress', 'summary', 'export'].includes(intent) && role !== 'county'
          ? '十堰市'
          : null;
      const text = phrase(intent, { ledger, period: Q1, county, city });
      const reading = understand(text, { lexicon: DEMO_LEXICON, asker: askerOf(role), now: NOW });
      expect({ text, intent: reading.intent, alternatives: reading.alternatives }).toEqual({
        text,
        intent,
        alternatives: [],
      });
      if (!['help', 'thanks', 'reminders'].includes(intent)) {
        expect(reading.ledger, text).toBe(ledger);
        expect(reading.period, text).toEqual(Q1);
        if (county) expect(reading.county, text).toBe(county);
        if (city) expect(reading.city, text).toBe(city);
      }
    }
  });
});
