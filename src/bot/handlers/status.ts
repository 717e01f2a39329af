// "进度 / 汇总 / <县> 情况" for the asked period, ledger and place, within the asker's scope. In a
// group chat only counts are shown; names and figures go to the asker privately.
import { localDate } from '../../domain/clock.ts';
import { displayValue } from '../../domain/ledgers/display.ts';
import { LEDGERS } from '../../domain/ledgers/index.ts';
import type { Roster, RosterUnit } from '../../domain/roster.ts';
import type { OwedStatus } from '../../domain/status.ts';
import { say } from '../../prompts.ts';
import { describeFinding, periodWords } from '../../wording.ts';
import { actionValue } from '../actions.ts';
import { phrase } from '../conversation/phrase.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import type { Block, BotResponse, Card, Conversation } from '../model.ts';
import { documentsBlocks } from './documents.ts';
import { progressCard } from './progress-card.ts';
import {
  namesPrivately,
  percent,
  problemsReply,
  report,
  type StatusAsk,
  stateOf,
  textReply,
} from './status-ask.ts';

export async function progress(deps: BotDeps, who: Identified, ask: StatusAsk): Promise<BotResponse> {
  const result = await report(deps, who, ask);
  if (!result.ok) return problemsReply(result.problems);
  const period = periodWords(ask.period);
  if (result.report.obligations.length === 0) return textReply(say('unreported.none', { period }));
  return {
    replies: [{ kind: 'card', card: progressCard(who, period, result.report.obligations, deps.now()) }],
  };
}

export async function summary(
  deps: BotDeps,
  who: Identified,
  ask: StatusAsk,
  conversation: Conversation,
): Promise<BotResponse> {
  const period = periodWords(ask.period);
  if (!ask.ledger) {
    // Totals are per ledger: the ones with figures to add up, each a button.
    const buttons = LEDGERS.filter(
      (l) => l.fields.some((f) => f.kind === 'money' || f.kind === 'count') && l.attachment !== null,
    ).map((l) => ({
      label: l.shortName,
      style: 'default' as const,
      action: actionValue({
        op: 'say',
        text: phrase('summary', {
          ledger: l.id,
          period: ask.period,
          county: null,
          city: ask.city?.name ?? null,
        }),
      }),
    }));
    return {
      replies: [
        {
          kind: 'card',
          card: { title: say('summary.choose'), tone: 'info', blocks: [{ kind: 'buttons', buttons }] },
        },
      ],
    };
  }
  const result = await report(deps, who, ask, true);
  if (!result.ok) return problemsReply(result.problems);
  const s = result.report.summary;
  if (!s) return textReply(say('unreported.none', { period }));
  const blocks: Block[] = [
    {
      kind: 'table',
      columns: [
        { key: 'item', label: say('summary.item') },
        { key: 'total', label: say('summary.total') },
        { key: 'rate', label: say('summary.rate') },
      ],
      rows: s.totals.map((t) => ({
        item: t.group ? `${t.group}·${t.label}` : t.label,
        total: displayValue(
          s.ledger.fields.find((f) => f.key === t.key),
          t.total,
        ),
        rate: t.rate === null ? '' : percent(t.rate),
      })),
    },
  ];
  if (s.ytdFalls.length > 0) {
    blocks.push({
      kind: 'text',
      text: [
        say('summary.ytd'),
        ...s.ytdFalls.flatMap((f) => f.findings.map((x) => `${f.countyName}：${describeFinding(x)}`)),
      ].join('\n'),
    });
  }
  const card: Card = {
    title: say('summary.title', { period, ledger: s.ledger.title }),
    subtitle: say('summary.subtitle', {
      unit: ask.city?.name ?? who.unit.name,
      counties: s.counties,
      today: localDate(deps.now()),
    }),
    tone: 'info',
    blocks,
  };
  return namesPrivately(conversation, { kind: 'card', card });
}

/** 未报 / 已报待确认 / 已确认 / 退回修改, with how late it came in or how long it is overdue. */
function stateWords(i: OwedStatus): string {
  const state = stateOf(i);
  if (i.state === 'reported' && i.daysLate > 0) return say('county.late', { state, days: i.daysLate });
  if (i.state !== 'reported' && i.daysOverdue > 0)
    return say('county.overdue', { state, days: i.daysOverdue });
  return state;
}

export async function countyDetail(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  ask: StatusAsk,
  county: RosterUnit,
  conversation: Conversation,
): Promise<BotResponse> {
  const result = await report(deps, who, { ...ask, city: null });
  if (!result.ok) return problemsReply(result.problems);
  const scope = result.report.viewer.scope;
  if (!scope.all && !scope.countyIds.includes(county.id))
    return textReply(say('bot.outOfScope', { county: county.name }));
  const lines = result.report.obligations.flatMap((o) =>
    o.items
      .filter((i) => i.owed.county.id === county.id)
      .map((i) =>
        say('county.state', {
          obligation: `${o.obligation.title}${i.owed.partner ? `—${i.owed.partner.name}` : ''}`,
          state: stateWords(i),
        }),
      ),
  );
  const city = roster.units.find((u) => u.id === county.cityId)?.name ?? '';
  const card: Card = {
    title: say('county.title', { county: county.name, period: periodWords(ask.period) }),
    subtitle: say('county.subtitle', { city }),
    tone: 'info',
    blocks: [
      { kind: 'text', text: lines.join('\n') || say('unreported.none', { period: periodWords(ask.period) }) },
      ...(await documentsBlocks(deps, county, ask.period.year)),
    ],
  };
  return namesPrivately(conversation, { kind: 'card', card });
}
