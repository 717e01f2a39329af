// "什么时候截止 / 附件2还有几天": each obligation due in the period with its date and the days left,
// and for a county's clerk whether the county has reported it.
import { daysBetween, localDate } from '../../domain/clock.ts';
import { say } from '../../prompts.ts';
import { periodWords } from '../../wording.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import type { BotResponse } from '../model.ts';
import { problemsReply, report, type StatusAsk, stateOf, textReply } from './status-ask.ts';

export async function deadline(deps: BotDeps, who: Identified, ask: StatusAsk): Promise<BotResponse> {
  const result = await report(deps, who, ask);
  if (!result.ok) return problemsReply(result.problems);
  const period = periodWords(ask.period);
  const today = localDate(deps.now());
  const lines = result.report.obligations.map((o) => {
    const days = daysBetween(today, o.due);
    const left =
      days > 0
        ? say('deadline.left', { days })
        : days === 0
          ? say('deadline.today')
          : say('deadline.past', { days: -days });
    const own = o.items.find((i) => i.owed.county.id === who.unit.id);
    return say('deadline.line', {
      obligation: o.obligation.title,
      due: o.due,
      left,
      state: own ? say('deadline.state', { state: stateOf(own) }) : '',
    });
  });
  if (lines.length === 0) return textReply(say('deadline.none', { period }));
  return {
    replies: [
      {
        kind: 'card',
        card: {
          title: say('deadline.title', { period }),
          subtitle: say('deadline.subtitle', { unit: who.unit.name, today }),
          tone: 'info',
          blocks: [{ kind: 'text', text: lines.join('\n') }],
        },
      },
    ],
  };
}
