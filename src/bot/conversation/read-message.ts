// A message read against the roster it was sent under: the lexicon is built once per roster (a
// roster never changes once loaded; an import makes a new one).
import type { Roster, RosterUnit } from '../../domain/roster.ts';
import { askerOf } from '../../understanding/asker.ts';
import { buildLexicon, type Lexicon } from '../../understanding/lexicon.ts';
import { type Reading, understand } from '../../understanding/understand.ts';

const LEXICONS = new WeakMap<Roster, Lexicon>();

export function readMessage(roster: Roster, unit: RosterUnit, text: string, now: Date): Reading {
  let lexicon = LEXICONS.get(roster);
  if (!lexicon) {
    lexicon = buildLexicon(roster);
    LEXICONS.set(roster, lexicon);
  }
  return understand(text, { lexicon, asker: askerOf(roster, unit), now });
}
