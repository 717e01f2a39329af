// "封账 2023Q1" and "重新打开 <县> <台账> <期间>": the bureau closes a period and reopens a sheet.
import { closePeriod, reopenSheet } from '../../app/review.ts';
import { quarterNowDue } from '../../domain/current-period.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { formatPeriod, type Period, parsePeriod } from '../../domain/period.ts';
import { say } from '../../prompts.ts';
import { describeProblem, periodWords } from '../../wording.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import type { BotResponse } from '../model.ts';

const text = (t: string): BotResponse => ({ replies: [{ kind: 'text', text: t }] });

export async function close(deps: BotDeps, who: Identified, period: Period | null): Promise<BotResponse> {
  const label = formatPeriod(period ?? quarterNowDue(deps.now()));
  const result = await closePeriod(deps.store, { as: who.contact.id, period: label }, deps.now());
  return text(
    result.ok
      ? say('review.closed', { period: inWords(result.period) })
      : result.problems.map(describeProblem).join('\n'),
  );
}

export async function reopen(
  deps: BotDeps,
  who: Identified,
  ask: { county: string | null; ledger: LedgerId | null; period: Period | null },
): Promise<BotResponse> {
  const result = await reopenSheet(
    deps.store,
    {
      as: who.contact.id,
      county: ask.county ?? '',
      ledger: ask.ledger ?? '',
      period: formatPeriod(ask.period ?? quarterNowDue(deps.now())),
    },
    deps.now(),
  );
  if (!result.ok) return text(result.problems.map(describeProblem).join('\n'));
  const { county, period, ledger } = result.sheet;
  return text(say('review.reopened', { county: county.name, period: inWords(period), ledger: ledger.title }));
}

function inWords(label: string): string {
  const period = parsePeriod(label);
  return period ? periodWords(period) : label;
}
