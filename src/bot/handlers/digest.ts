// "本周情况 / 周报": the weekly digest card on demand, for the bureau or a city (a city the bureau
// names: that city's). A county or lead unit is told what it can ask instead.
import { digestsFor, receivesDigest } from '../../app/digest.ts';
import type { BotResponse, Conversation } from '../../conversation/model.ts';
import { localDate } from '../../domain/clock.ts';
import type { Period } from '../../domain/period.ts';
import type { Roster, RosterUnit } from '../../domain/roster.ts';
import { say } from '../../prompts.ts';
import { digestCard } from '../../reminders/digest-card.ts';
import { periodWords } from '../../wording.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import { namesPrivately, textReply } from './status-ask.ts';

export async function digest(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  ask: { period: Period; city: RosterUnit | null },
  conversation: Conversation,
): Promise<BotResponse> {
  if (!receivesDigest(who.unit)) return textReply(say('digest.notForYou', { unit: who.unit.name }));
  const unit = who.unit.kind === 'bureau' && ask.city ? ask.city : who.unit;
  const now = deps.now();
  const [found] = await digestsFor(deps.store, roster, [unit], ask.period, now);
  if (!found) return textReply(say('digest.nothingOwed', { period: periodWords(ask.period) }));
  const card = digestCard(found, { today: localDate(now) });
  return namesPrivately(conversation, { kind: 'card', card });
}
