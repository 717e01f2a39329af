// A reading said back as the words the bot understands best: the text a clarifying button sends, so
// that pressing it is the same as typing it (understand(phrase(r)) reads r again, a test holds it).
import { findLedger } from '../../domain/ledgers/index.ts';
import { say } from '../../prompts.ts';
import type { IntentName, Reading } from '../../understanding/understand.ts';
import { periodWords } from '../../wording.ts';

export function phrase(
  intent: IntentName,
  reading: Pick<Reading, 'ledger' | 'period' | 'county' | 'city'> & { filter?: Reading['filter'] },
): string {
  const ledger = reading.ledger ? findLedger(reading.ledger) : undefined;
  const what = [
    reading.filter && reading.filter !== 'unreported' ? say(`words.filter.${reading.filter}`) : '',
    ledger ? (ledger.attachment === null ? ledger.shortName : `附件${ledger.attachment}`) : '',
    reading.period ? periodWords(reading.period) : '',
    reading.county ?? reading.city ?? '',
  ]
    .filter((part) => part !== '')
    .join(' ');
  return say(`clarify.phrase.${intent}`, { what }).trim();
}
