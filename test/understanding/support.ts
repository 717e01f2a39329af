// The lexicon of the demo roster and the asker of each role, as the corpus tests read messages.
import { readFileSync } from 'node:fs';
import { importCountySheet } from '../../src/domain/roster-csv.ts';
import { buildLexicon } from '../../src/understanding/lexicon.ts';
import type { Asker } from '../../src/understanding/understand.ts';
import { root } from '../support/demo-store.ts';
import type { Role } from './corpus.ts';

const sheet = importCountySheet(
  { units: [], relations: [], villages: [], contacts: [] },
  readFileSync(root('data/roster.csv'), 'utf8'),
);
if (!sheet.ok) throw new Error('the demo roster does not import');
export const DEMO_ROSTER = sheet.roster;
export const DEMO_LEXICON = buildLexicon(DEMO_ROSTER);

export function askerOf(role: Role): Asker {
  switch (role) {
    case 'county':
      return { kind: 'county', county: '郧西县', fills: true };
    case 'lead_unit':
      return { kind: 'lead_unit', county: null, fills: true };
    case 'city':
      return { kind: 'city', county: null, fills: false };
    case 'bureau':
      return { kind: 'bureau', county: null, fills: false };
  }
}
