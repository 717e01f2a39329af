// What the model is told: today's date and the declared vocabulary — the intents, the ledgers, the
// figures (ledgers/metrics.ts) and the roster's county and city names. Never a contact, a mobile or
// a figure's value: those stay in the store.
import { LEDGERS } from '../../domain/ledgers/index.ts';
import { METRICS } from '../../domain/ledgers/metrics.ts';
import { say } from '../../prompts.ts';
import { INTENT_NAMES } from '../../understanding/intent-cues.ts';
import type { FallbackContext } from '../intent-fallback.ts';

/** Intents a model may choose (binding takes a code the rules read; it is never guessed). */
export const MODEL_INTENTS = INTENT_NAMES.filter((i) => i !== 'bind');

export function systemPrompt(context: FallbackContext): string {
  return say('modelReading.system', {
    today: context.today,
    intents: MODEL_INTENTS.map((i) => `${i}：${say(`modelReading.intents.${i}`)}`).join('\n'),
    ledgers: LEDGERS.map(
      (l) => `${l.id} ${l.attachment === null ? '' : `附件${l.attachment} `}${l.shortName}`,
    ).join('；'),
    metrics: METRICS.map((m) => `${m.id} ${m.name}`).join('；'),
    counties: context.counties.join('、'),
    cities: context.cities.join('、'),
  });
}
