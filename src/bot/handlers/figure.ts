// A figure question answered: the number with its unit for each ledger that has the figure, what it
// stands on (how many of the expected counties' sheets it adds up, which are missing, how many still
// await confirmation), and a button to the table it came from. A ranking or a per-county answer is a
// short list and a chart. No sheets is said as such, never as 0.
import { countiesAsked, figuresOf, type MetricFigure } from '../../app/figures.ts';
import { actionValue } from '../../conversation/actions.ts';
import type { Block, BotResponse, Button, Conversation } from '../../conversation/model.ts';
import { type FigureTotals, measured, ranked } from '../../domain/figures.ts';
import { findLedger, ledgerById } from '../../domain/ledgers/index.ts';
import { findMetric, hasPlan, METRICS, type Metric } from '../../domain/ledgers/metrics.ts';
import { formatWan, yuanToWan } from '../../domain/money.ts';
import type { Period } from '../../domain/period.ts';
import { findUnit, inScope, type Roster, type RosterUnit, scopeOf } from '../../domain/roster.ts';
import { say } from '../../prompts.ts';
import type { FigureAsk } from '../../understanding/understand.ts';
import { ledgerWords, periodWords } from '../../wording.ts';
import { phrase } from '../chat/phrase.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import { namesPrivately, percent, textReply } from './status-ask.ts';

export interface FigureQuestion {
  figure: FigureAsk;
  /** The ledger named, if any. */
  ledger: string | null;
  period: Period;
  county: RosterUnit | null;
  city: RosterUnit | null;
  /** The place in words, as the echo line names it. */
  place: string;
}

const DEFAULT_RANKED = 5;
const LISTED = 40;
const CHARTED = 20;
const NAMED_MISSING = 8;

/** What the echo line calls the figure: its name as measured ("实际投入帮扶资金", "培训"). */
export function figureName(figure: FigureAsk): string {
  const metric = figure.metrics.map(findMetric).find((m) => m !== undefined);
  return metric ? measuredName(metric, figure.measure) : figure.word;
}

function measuredName(metric: Metric, measure: FigureAsk['measure']): string {
  const ledger = ledgerById(metric.ledger);
  const part = metric.parts.length === 1 ? metric.parts[0] : undefined;
  const field = (key: string | null | undefined) => ledger.fields.find((f) => f.key === key)?.label;
  const actual = (part && field(part.actual)) ?? metric.name;
  if (measure === 'planned') return (part && field(part.planned)) ?? say('figure.planned', { name: actual });
  if (measure === 'rate') return say('figure.rateOf', { name: actual });
  return actual;
}

export interface FigureAnswer {
  response: BotResponse;
  /** The period answered for, when it is more precise than the one asked (a year at its latest quarter). */
  period: { period: Period; periodText: string } | null;
}

export async function figureAnswer(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  q: FigureQuestion,
  conversation: Conversation,
): Promise<FigureAnswer> {
  const plain = (response: BotResponse): FigureAnswer => ({ response, period: null });
  const { figure } = q;
  const named = q.ledger ? findLedger(q.ledger) : undefined;
  if (figure.metrics.length === 0 && named) {
    const figures = METRICS.filter((m) => m.ledger === named.id).map((m) => measuredName(m, 'actual'));
    return plain(
      textReply(
        say('figure.noSuchFigure', {
          ledger: ledgerWords(named),
          word: figure.word,
          figures: figures.join('、'),
        }),
      ),
    );
  }
  let metrics = figure.metrics.map(findMetric).filter((m): m is Metric => m !== undefined);
  if (figure.measure !== 'actual') {
    const planned = metrics.filter(hasPlan);
    const first = metrics[0];
    if (planned.length === 0 && first)
      return plain(textReply(say('figure.noPlan', { metric: measuredName(first, 'actual') })));
    metrics = planned;
  }
  const scope = scopeOf(roster, who.unit);
  if (q.county && !inScope(scope, q.county.id))
    return plain(textReply(say('bot.outOfScope', { county: q.county.name })));
  const counties = countiesAsked(roster, scope, {
    countyId: q.county?.id ?? null,
    cityId: q.city?.id ?? null,
  });
  if (counties.length === 0) return plain(textReply(say('figure.noCounties')));

  const figures = await figuresOf(
    deps.store,
    roster,
    { metrics, period: q.period, against: figure.shape === 'change' ? figure.against : null, counties },
    deps.now(),
  );
  const nameOf = (id: string) => findUnit(roster, id)?.name ?? id;
  const blocks: Block[] = [];
  // Of several ledgers with the figure (培训: 附件1 and 附件2), those with nothing to count yet are named
  // in one line rather than each answered with nothing.
  const counted = figures.filter((f) => f.current.totals.byCounty.length > 0);
  const empty = counted.length > 0 ? figures.filter((f) => f.current.totals.byCounty.length === 0) : [];
  const shown = counted.length > 0 ? counted : figures;
  for (const f of shown) blocks.push(...figureBlocks(f, figure, q, nameOf));
  const first = shown[0];
  if (first && empty.length > 0)
    blocks.push({
      kind: 'note',
      text: say('figure.noneYet', {
        ledgers: empty.map((f) => ledgerWords(f.ledger)).join('、'),
        period: periodWords(first.current.period),
        place: q.place,
      }),
    });
  const title = first ? titleOf(first, figure, shown.length > 1) : figure.word;
  const buttons: Button[] = shown.map((f) => ({
    label: say('figure.table', { ledger: f.ledger.shortName }),
    style: 'default',
    action: actionValue({
      op: 'say',
      text: phrase('export', { ledger: f.ledger.id, period: f.current.period, county: null, city: null }),
    }),
  }));
  blocks.push({ kind: 'buttons', buttons });
  const response = namesPrivately(conversation, { kind: 'card', card: { title, tone: 'info', blocks } });
  const resolved = first?.current.period;
  if (!resolved || q.period.quarter !== null || resolved.quarter === null) return plain(response);
  const periodText = say('figure.yearTo', {
    year: resolved.year,
    quarter: say(`words.quarterName.${resolved.quarter}`),
  });
  return { response, period: { period: resolved, periodText } };
}

function titleOf(f: MetricFigure, figure: FigureAsk, several: boolean): string {
  const period = periodWords(f.current.period);
  const metric = several ? figure.word : measuredName(f.metric, figure.measure);
  const n = figure.n ?? DEFAULT_RANKED;
  switch (figure.shape) {
    case 'top':
    case 'bottom':
      return say('figure.rankTitle', {
        period,
        metric,
        order: say(figure.shape === 'top' ? 'figure.rankTop' : 'figure.rankBottom', { n }),
      });
    case 'per_county':
      return say('figure.perCountyTitle', { period, metric });
    case 'change':
      return say('figure.changeTitle', {
        period,
        metric,
        against: say(`figure.against.${figure.against ?? 'last_year'}`),
      });
    case 'total':
      return say('figure.title', { period, metric });
  }
}

/** A value in its unit: money in 万元 with 2 decimals, counts with theirs, a rate as a percentage. */
function valueText(metric: Metric, value: number, measure: FigureAsk['measure']): string {
  if (measure === 'rate') return percent(value);
  return metric.kind === 'money' ? `${formatWan(value)}万元` : `${value}${metric.unit ?? ''}`;
}

function chartValue(metric: Metric, value: number, measure: FigureAsk['measure']): number {
  if (measure === 'rate') return Math.round(value * 1000) / 10;
  return metric.kind === 'money' ? yuanToWan(value) : value;
}

function basisText(t: FigureTotals, nameOf: (id: string) => string): string {
  const counted = t.expected - t.missing.length;
  // Returned sheets first: they are the ones someone is already working on.
  const names = [...t.missing]
    .sort((a, b) => Number(b.returned) - Number(a.returned))
    .slice(0, NAMED_MISSING)
    .map((m) => `${nameOf(m.countyId)}${m.returned ? say('figure.returned') : ''}`);
  const more = t.missing.length > NAMED_MISSING ? say('figure.more', { count: t.missing.length }) : '';
  return [
    say('figure.basis', { counted: Math.max(counted, t.byCounty.length), expected: t.expected }),
    t.missing.length > 0 ? say('figure.missing', { names: names.join('、') + more }) : '',
    t.pending > 0 ? say('figure.pending', { count: t.pending }) : '',
  ].join('');
}

function figureBlocks(
  f: MetricFigure,
  figure: FigureAsk,
  q: FigureQuestion,
  nameOf: (id: string) => string,
): Block[] {
  const ledger = ledgerWords(f.ledger);
  const t = f.current.totals;
  const period = periodWords(f.current.period);
  if (t.expected === 0 && t.byCounty.length === 0)
    return [{ kind: 'text', text: say('figure.noneExpected', { ledger, place: q.place }) }];
  if (t.byCounty.length === 0)
    return [
      {
        kind: 'text',
        text: say('figure.noSheets', { ledger, period, place: q.place, expected: t.expected }),
      },
    ];
  const lines: string[] = [];
  const ytd = f.metric.cumulative && f.current.period.quarter !== null;
  const measure = figure.measure;
  const metric = f.metric;
  switch (figure.shape) {
    case 'total': {
      lines.push(totalLine(metric, t, measure, ledger));
      break;
    }
    case 'change': {
      lines.push(...changeLines(f, figure, ledger, nameOf));
      break;
    }
    case 'top':
    case 'bottom':
    case 'per_county': {
      const order = figure.shape === 'bottom' ? 'bottom' : 'top';
      const list = ranked(t.byCounty, measure, order);
      const shown =
        figure.shape === 'per_county' ? list.slice(0, LISTED) : list.slice(0, figure.n ?? DEFAULT_RANKED);
      lines.push(totalLine(metric, t, measure, ledger));
      lines.push(
        ...shown.map((c, i) =>
          say('figure.rankLine', {
            rank: i + 1,
            county: nameOf(c.countyId),
            value: valueText(metric, c.value, measure),
          }),
        ),
      );
      if (figure.shape === 'per_county' && list.length > shown.length)
        lines.push(
          say('figure.moreRows', {
            count: list.length - shown.length,
            button: say('figure.table', { ledger: f.ledger.shortName }),
          }),
        );
      const text = lines.join('\n');
      const charted = list.slice(0, CHARTED);
      return [
        { kind: 'text', text },
        {
          kind: 'chart',
          chart: {
            kind: 'bar',
            title: say('figure.chart', {
              metric: measuredName(metric, measure),
              unit:
                measure === 'rate'
                  ? say('figure.percentUnit')
                  : metric.kind === 'money'
                    ? '万元'
                    : (metric.unit ?? ''),
            }),
            series: [
              {
                name: measuredName(metric, measure),
                points: charted.map((c) => ({
                  category: nameOf(c.countyId),
                  value: chartValue(metric, c.value, measure),
                })),
              },
            ],
          },
        },
        {
          kind: 'note',
          text: [basisText(t, nameOf), ytd ? say('figure.ytd', { period }) : ''].filter(Boolean).join('\n'),
        },
      ];
    }
  }
  if (figure.shape !== 'change') lines.push(basisText(t, nameOf));
  if (ytd) lines.push(say('figure.ytd', { period }));
  return [{ kind: 'text', text: lines.join('\n') }];
}

function totalLine(metric: Metric, t: FigureTotals, measure: FigureAsk['measure'], ledger: string): string {
  if (measure === 'rate') {
    const rate = measured(t, 'rate');
    const actual = valueText(metric, t.actual, 'actual');
    if (rate === null) return say('figure.noPlanned', { ledger, actual });
    return say('figure.rate', {
      ledger,
      rate: percent(rate),
      actual,
      planned: valueText(metric, t.planned ?? 0, 'actual'),
    });
  }
  const value = measured(t, measure) ?? 0;
  return say('figure.value', { ledger, value: valueText(metric, value, measure) });
}

function changeLines(
  f: MetricFigure,
  figure: FigureAsk,
  ledger: string,
  nameOf: (id: string) => string,
): string[] {
  const measure = figure.measure;
  const metric = f.metric;
  const t = f.current.totals;
  const now = measured(t, measure);
  const lines = [
    say('figure.periodValue', {
      ledger,
      period: periodWords(f.current.period),
      value: now === null ? '—' : valueText(metric, now, measure),
      basis: basisText(t, nameOf),
    }),
  ];
  if (!f.compared) {
    lines.push(say('figure.noPreviousQuarter', { period: periodWords(f.current.period) }));
    return lines;
  }
  const c = f.compared.totals;
  const comparedPeriod = periodWords(f.compared.period);
  if (c.byCounty.length === 0) {
    lines.push(say('figure.noCompared', { ledger, period: comparedPeriod }));
    return lines;
  }
  const before = measured(c, measure);
  lines.push(
    say('figure.periodValue', {
      ledger,
      period: comparedPeriod,
      value: before === null ? '—' : valueText(metric, before, measure),
      basis: basisText(c, nameOf),
    }),
  );
  if (now === null || before === null) return lines;
  const diff = now - before;
  const share =
    before !== 0 && measure !== 'rate'
      ? say('figure.percent', { sign: diff >= 0 ? '+' : '-', percent: percent(Math.abs(diff / before)) })
      : '';
  const diffText =
    measure === 'rate'
      ? say('figure.points', { points: Math.round(Math.abs(diff) * 1000) / 10 })
      : valueText(metric, Math.abs(diff), measure);
  lines.push(
    diff === 0
      ? say('figure.same', { ledger })
      : say(diff > 0 ? 'figure.up' : 'figure.down', { ledger, diff: diffText, percent: share }),
  );
  if (figure.against === 'previous_quarter' && metric.cumulative)
    lines.push(say('figure.quarterAdded', { period: periodWords(f.current.period) }));
  return lines;
}
