// When two readings are nearly as likely and one of them would change something, the bot asks with
// a small card instead of guessing; each button sends the reading's own phrasing back.
import { say } from '../../prompts.ts';
import type { IntentName, Reading } from '../../understanding/understand.ts';
import { actionValue } from '../actions.ts';
import type { Card } from '../model.ts';
import { phrase } from './phrase.ts';

export function clarifyCard(text: string, reading: Reading): Card {
  const options: IntentName[] = [reading.intent, ...reading.alternatives];
  return {
    title: say('clarify.title'),
    subtitle: say('clarify.subtitle', { text: text.trim().slice(0, 40) }),
    tone: 'info',
    blocks: [
      {
        kind: 'buttons',
        buttons: options.map((intent, i) => {
          const words = phrase(intent, reading);
          return {
            label: words,
            style: i === 0 ? ('primary' as const) : ('default' as const),
            action: actionValue({ op: 'say', text: words, sure: '1' }),
          };
        }),
      },
    ],
  };
}
