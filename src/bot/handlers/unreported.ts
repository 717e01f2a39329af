// "谁还没报" and the lists by state (逾期的, 退回的, 待确认的, 已确认的): per obligation, the counties
// in the asked scope. A long list is grouped by city with a button to open each; a lead unit's own
// duties are shown as its own, not as if a county owed them.

import { localDate } from '../../domain/clock.ts';
import type { Roster } from '../../domain/roster.ts';
import type { ObligationStatus, OwedStatus } from '../../domain/status.ts';
import { say } from '../../prompts.ts';
import type { StatusFilter } from '../../understanding/understand.ts';
import { periodWords } from '../../wording.ts';
import { actionValue } from '../actions.ts';
import { phrase } from '../conversation/phrase.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import type { Block, BotResponse, Button, Card, Conversation } from '../model.ts';
import { progressCard } from './progress-card.ts';
import { problemsReply, report, type StatusAsk, stateOf, textReply } from './status-ask.ts';

/** More names than this in one obligation's line are grouped by city. */
const GROUP_AFTER = 10;

const MATCHES: Record<StatusFilter, (i: OwedStatus) => boolean> = {
  unreported: (i) => i.state !== 'reported',
  overdue: (i) => i.state !== 'reported' && i.daysOverdue > 0,
  returned: (i) => i.state === 'returned',
  pending: (i) => i.state === 'reported' && i.review === 'pending',
  confirmed: (i) => i.state === 'reported' && i.review !== 'pending',
};

export async function unreported(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  ask: StatusAsk,
  conversation: Conversation,
): Promise<BotResponse> {
  const result = await report(deps, who, ask);
  if (!result.ok) return problemsReply(result.problems);
  const { obligations } = result.report;
  const period = periodWords(ask.period);
  if (obligations.length === 0) return textReply(say('unreported.none', { period }));
  const filter = ask.filter ?? 'unreported';
  const matches = MATCHES[filter];
  const lines: string[] = [];
  const cities = new Map<string, number>();
  for (const o of obligations) {
    const own = o.items.filter(
      (i) => i.owed.debtors.some((d) => d.id === who.unit.id) && i.owed.county.id !== who.unit.id,
    );
    if (own.length > 0 && who.unit.kind !== 'county') {
      lines.push(
        ...own.map((i) =>
          say('unreported.ownDuty', { obligation: o.obligation.title, due: o.due, state: stateOf(i) }),
        ),
      );
    }
    const listed = o.items.filter((i) => matches(i) && !own.includes(i));
    lines.push(line(o, listed, filter, cities, (id) => roster.units.find((u) => u.id === id)?.name ?? ''));
  }
  const title =
    filter === 'unreported'
      ? say('unreported.title', { period })
      : say('unreported.titleFiltered', { period, filter: say(`words.filter.${filter}`) });
  const blocks: Block[] = [{ kind: 'text', text: lines.join('\n') }];
  if (cities.size > 0) blocks.push(...cityBlocks(cities, ask));
  const card: Card = {
    title,
    subtitle: say('unreported.subtitle', { unit: who.unit.name, today: localDate(deps.now()) }),
    tone: 'info',
    blocks,
  };
  if (conversation.kind === 'group') {
    return {
      replies: [
        { kind: 'card', card: progressCard(who, period, obligations, deps.now()) },
        { kind: 'text', text: say('unreported.privately') },
      ],
      privateReplies: [{ kind: 'card', card }],
    };
  }
  return { replies: [{ kind: 'card', card }] };
}

/** One obligation's line: the names, or, when there are many, the count per city. */
function line(
  o: ObligationStatus,
  listed: OwedStatus[],
  filter: StatusFilter,
  cities: Map<string, number>,
  nameOf: (unitId: string | null) => string,
): string {
  const base = { obligation: o.obligation.title, due: o.due, filter: say(`words.filter.${filter}`) };
  if (listed.length === 0)
    return filter === 'unreported' ? say('unreported.allDone', base) : say('unreported.filteredNone', base);
  if (listed.length > GROUP_AFTER) {
    const perCity = new Map<string, number>();
    for (const i of listed) {
      // A county no city stands over (神农架林区) is its own group.
      const city = nameOf(i.owed.county.cityId) || i.owed.county.name;
      perCity.set(city, (perCity.get(city) ?? 0) + 1);
      cities.set(city, (cities.get(city) ?? 0) + 1);
    }
    const counts = [...perCity]
      .sort((a, b) => b[1] - a[1])
      .map(([city, count]) => say('unreported.cityCount', { city, count }))
      .join('、');
    return filter === 'unreported'
      ? say('unreported.grouped', { ...base, count: listed.length, cities: counts })
      : say('unreported.groupedFiltered', { ...base, count: listed.length, cities: counts });
  }
  const names = listed.map((i) => {
    const debtor = i.owed.partner
      ? `${i.owed.county.name}—${i.owed.partner.name}`
      : i.owed.debtors.some((d) => d.id === i.owed.county.id) || i.owed.debtors.length === 0
        ? i.owed.county.name
        : `${i.owed.debtors.map((d) => d.name).join('、')}（${i.owed.county.name}）`;
    const name =
      i.state === 'returned' && filter !== 'returned' ? `${debtor}（${say('state.returned')}）` : debtor;
    return i.state !== 'reported' && i.daysOverdue > 0
      ? say('unreported.overdue', { name, days: i.daysOverdue })
      : name;
  });
  return filter === 'unreported'
    ? say('unreported.line', { ...base, count: listed.length, names: names.join('、') })
    : say('unreported.filteredLine', { ...base, count: listed.length, names: names.join('、') });
}

/** A chart of the grouped counts and a button per city that opens its list. */
function cityBlocks(cities: Map<string, number>, ask: StatusAsk): Block[] {
  const sorted = [...cities].sort((a, b) => b[1] - a[1]);
  const buttons: Button[] = sorted.map(([city]) => ({
    label: say('unreported.openCity', { city }),
    style: 'default',
    action: actionValue({
      op: 'say',
      text: phrase('unreported', {
        ledger: ask.ledger,
        period: ask.period,
        county: null,
        city,
        filter: ask.filter,
      }),
    }),
  }));
  return [
    {
      kind: 'chart',
      chart: {
        kind: 'bar',
        title: say('unreported.chartTitle'),
        series: [
          {
            name: say('progress.notReported'),
            points: sorted.map(([category, value]) => ({ category, value })),
          },
        ],
      },
    },
    { kind: 'buttons', buttons },
  ];
}
