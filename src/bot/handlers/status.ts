// "谁还没报 / 进度 / 汇总 / <县> 情况" for the asker's scope. In a group chat only counts are shown;
// names and figures go to the asker privately.
import { statusReport } from '../../app/status.ts';
import { localDate } from '../../domain/clock.ts';
import { displayValue } from '../../domain/ledgers/display.ts';
import { LEDGERS, ledgerById } from '../../domain/ledgers/index.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { formatPeriod, type Period } from '../../domain/period.ts';
import type { Roster } from '../../domain/roster.ts';
import type { ObligationStatus, OwedStatus } from '../../domain/status.ts';
import { say } from '../../prompts.ts';
import { describeFinding, describeProblem } from '../../wording.ts';
import { actionValue } from '../actions.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import type { Block, BotResponse, Card, Conversation } from '../model.ts';
import { quarterNowDue } from '../period-words.ts';
import { documentsBlocks } from './documents.ts';

interface Ask {
  ledger: LedgerId | null;
  period: Period | null;
}

function periodOf(ask: Ask, now: Date): Period {
  return ask.period ?? quarterNowDue(now);
}

async function report(deps: BotDeps, who: Identified, ask: Ask, summary = false) {
  const period = periodOf(ask, deps.now());
  const result = await statusReport(
    deps.store,
    { period: formatPeriod(period), ledger: ask.ledger ?? undefined, as: who.contact.id, summary },
    deps.now(),
  );
  return { period, result };
}

function subtitle(who: Identified, now: Date): string {
  return say('unreported.subtitle', { unit: who.unit.name, today: localDate(now) });
}

function text(t: string): BotResponse {
  return { replies: [{ kind: 'text', text: t }] };
}

export async function unreported(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  ask: Ask & { city: string | null },
  conversation: Conversation,
): Promise<BotResponse> {
  const { period, result } = await report(deps, who, ask);
  if (!result.ok) return text(result.problems.map(describeProblem).join('\n'));
  const cityId = ask.city
    ? roster.units.find((u) => u.kind === 'city' && u.name === ask.city)?.id
    : undefined;
  const scope = result.report.viewer.scope;
  if (
    cityId &&
    !scope.all &&
    !roster.units.some((u) => u.kind === 'county' && u.cityId === cityId && scope.countyIds.includes(u.id))
  ) {
    return text(say('bot.outOfScope', { county: ask.city ?? '' }));
  }
  const lines = result.report.obligations.map((o) => {
    const missing = o.items.filter(
      (i) => i.state !== 'reported' && (!cityId || i.owed.county.cityId === cityId),
    );
    if (missing.length === 0)
      return say('unreported.allDone', { obligation: o.obligation.title, due: o.due });
    const names = missing.map((i) => {
      const who = i.owed.partner ? `${i.owed.county.name}—${i.owed.partner.name}` : i.owed.county.name;
      // A returned sheet is not done: listed, marked as returned.
      const name = i.state === 'returned' ? `${who}（${say('state.returned')}）` : who;
      return i.daysOverdue > 0 ? say('unreported.overdue', { name, days: i.daysOverdue }) : name;
    });
    return say('unreported.line', {
      obligation: o.obligation.title,
      due: o.due,
      count: missing.length,
      names: names.join('、'),
    });
  });
  const periodLabel = formatPeriod(period);
  if (lines.length === 0) return text(say('unreported.none', { period: periodLabel }));
  const card: Card = {
    title: say('unreported.title', { period: periodLabel }),
    subtitle: subtitle(who, deps.now()),
    tone: 'info',
    blocks: [{ kind: 'text', text: lines.join('\n') }],
  };
  if (conversation.kind === 'group') {
    const counts = progressCard(who, periodLabel, result.report.obligations, deps.now());
    return {
      replies: [
        { kind: 'card', card: counts },
        { kind: 'text', text: say('unreported.privately') },
      ],
      privateReplies: [{ kind: 'card', card }],
    };
  }
  return { replies: [{ kind: 'card', card }] };
}

function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

function progressCard(
  who: Identified,
  periodLabel: string,
  obligations: readonly ObligationStatus[],
  now: Date,
): Card {
  const name = (o: ObligationStatus) =>
    o.obligation.fulfilment.kind === 'ledger'
      ? ledgerById(o.obligation.fulfilment.ledger).shortName
      : o.obligation.id;
  return {
    title: say('progress.title', { period: periodLabel }),
    subtitle: say('progress.subtitle', { unit: who.unit.name, today: localDate(now) }),
    tone: 'info',
    blocks: [
      {
        kind: 'chart',
        chart: {
          kind: 'bar',
          title: say('progress.chartTitle'),
          series: [
            {
              name: say('progress.reported'),
              points: obligations.map((o) => ({ category: name(o), value: o.progress.reported })),
            },
            {
              name: say('progress.notReported'),
              points: obligations.map((o) => ({ category: name(o), value: o.progress.notReported })),
            },
          ],
        },
      },
      {
        kind: 'fields',
        fields: obligations.map((o) => ({
          label: `${o.obligation.id} ${o.obligation.title}`,
          value: say('progress.line', { ...o.progress, rate: percent(o.progress.rate) }),
        })),
      },
    ],
  };
}

export async function progress(deps: BotDeps, who: Identified, ask: Ask): Promise<BotResponse> {
  const { period, result } = await report(deps, who, ask);
  if (!result.ok) return text(result.problems.map(describeProblem).join('\n'));
  if (result.report.obligations.length === 0)
    return text(say('unreported.none', { period: formatPeriod(period) }));
  return {
    replies: [
      { kind: 'card', card: progressCard(who, formatPeriod(period), result.report.obligations, deps.now()) },
    ],
  };
}

export async function summary(
  deps: BotDeps,
  who: Identified,
  ask: Ask,
  conversation: Conversation,
): Promise<BotResponse> {
  const period = periodOf(ask, deps.now());
  if (!ask.ledger) {
    const buttons = LEDGERS.filter((l) => l.attachment !== null && l.attachment <= 4).map((l) => ({
      label: l.shortName,
      style: 'default' as const,
      action: actionValue({ op: 'say', text: `汇总 ${l.id} ${formatPeriod(period)}` }),
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
  const { result } = await report(deps, who, ask, true);
  if (!result.ok) return text(result.problems.map(describeProblem).join('\n'));
  const s = result.report.summary;
  if (!s) return text(say('unreported.none', { period: formatPeriod(period) }));
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
    title: say('summary.title', { period: s.period, ledger: s.ledger.title }),
    subtitle: say('summary.subtitle', {
      unit: who.unit.name,
      counties: s.counties,
      today: localDate(deps.now()),
    }),
    tone: 'info',
    blocks,
  };
  return conversation.kind === 'group'
    ? {
        replies: [{ kind: 'text', text: say('unreported.privately') }],
        privateReplies: [{ kind: 'card', card }],
      }
    : { replies: [{ kind: 'card', card }] };
}

/** 未报 / 已报待确认 / 已确认 / 退回修改, with how late it came in or how long it is overdue. */
function stateWords(i: OwedStatus): string {
  const state = say(`state.${i.state === 'reported' ? (i.review ?? 'confirmed') : i.state}`);
  if (i.state === 'reported' && i.daysLate > 0) return say('county.late', { state, days: i.daysLate });
  if (i.state !== 'reported' && i.daysOverdue > 0)
    return say('county.overdue', { state, days: i.daysOverdue });
  return state;
}

export async function countyDetail(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  ask: Ask & { county: string },
  conversation: Conversation,
): Promise<BotResponse> {
  const county = roster.units.find((u) => u.kind === 'county' && u.name === ask.county);
  if (!county) return text(say('bot.countyUnknown', { county: ask.county }));
  const { period, result } = await report(deps, who, ask);
  if (!result.ok) return text(result.problems.map(describeProblem).join('\n'));
  const scope = result.report.viewer.scope;
  if (!scope.all && !scope.countyIds.includes(county.id))
    return text(say('bot.outOfScope', { county: county.name }));
  const lines = result.report.obligations.flatMap((o) =>
    o.items
      .filter((i) => i.owed.county.id === county.id)
      .map((i) =>
        say('county.state', {
          obligation: `${o.obligation.id} ${o.obligation.title}${i.owed.partner ? `—${i.owed.partner.name}` : ''}`,
          state: stateWords(i),
        }),
      ),
  );
  const city = roster.units.find((u) => u.id === county.cityId)?.name ?? '';
  const card: Card = {
    title: say('county.title', { county: county.name, period: formatPeriod(period) }),
    subtitle: say('county.subtitle', { city }),
    tone: 'info',
    blocks: [{ kind: 'text', text: lines.join('\n') }, ...(await documentsBlocks(deps, county, period.year))],
  };
  return conversation.kind === 'group'
    ? {
        replies: [{ kind: 'text', text: say('unreported.privately') }],
        privateReplies: [{ kind: 'card', card }],
      }
    : { replies: [{ kind: 'card', card }] };
}
