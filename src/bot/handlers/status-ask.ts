// What a status answer is asked for, once the reading is resolved: a period (named or the one now
// being reported), a ledger or all, a city or the asker's whole scope, and a state to list.
import { statusReport } from '../../app/status.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { formatPeriod, type Period } from '../../domain/period.ts';
import type { RosterUnit } from '../../domain/roster.ts';
import type { OwedStatus } from '../../domain/status.ts';
import { say } from '../../prompts.ts';
import type { StatusFilter } from '../../understanding/understand.ts';
import { describeProblem } from '../../wording.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import type { BotResponse, Conversation, Reply } from '../model.ts';

export interface StatusAsk {
  ledger: LedgerId | null;
  period: Period;
  city: RosterUnit | null;
  filter: StatusFilter | null;
}

export function report(deps: BotDeps, who: Identified, ask: StatusAsk, summary = false) {
  return statusReport(
    deps.store,
    {
      period: formatPeriod(ask.period),
      ledger: ask.ledger ?? undefined,
      as: who.contact.id,
      summary,
      ...(ask.city ? { within: ask.city.id } : {}),
    },
    deps.now(),
  );
}

export function textReply(text: string): BotResponse {
  return { replies: [{ kind: 'text', text }] };
}

export function problemsReply(problems: Parameters<typeof describeProblem>[0][]): BotResponse {
  return textReply(problems.map(describeProblem).join('\n'));
}

export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

/** Names and figures are not shown in a group: the group is told, the asker gets them privately. */
export function namesPrivately(conversation: Conversation, reply: Reply): BotResponse {
  return conversation.kind === 'group'
    ? { replies: [{ kind: 'text', text: say('unreported.privately') }], privateReplies: [reply] }
    : { replies: [reply] };
}

/** 未报 / 退回修改 / 已报待确认 / 已确认, in words. */
export function stateOf(i: OwedStatus): string {
  return say(`state.${i.state === 'reported' ? (i.review ?? 'confirmed') : i.state}`);
}
