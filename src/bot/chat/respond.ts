// A chat message, read and answered: the reading decides the handler, the period, ledger and place
// it answers for are resolved here once, and every answer starts by saying what they were. A close
// call between two readings, one of which would change something, is asked about instead.

import type { BotResponse, Conversation } from '../../conversation/model.ts';
import { localDate } from '../../domain/clock.ts';
import { notYetDue, quarterNowDue, quarterOf } from '../../domain/current-period.ts';
import { findLedger } from '../../domain/ledgers/index.ts';
import { findMetric } from '../../domain/ledgers/metrics.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import type { Period } from '../../domain/period.ts';
import { inScope, type Roster, type RosterUnit, scopeOf } from '../../domain/roster.ts';
import { say } from '../../prompts.ts';
import type { FigureAsk, IntentName, Reading } from '../../understanding/understand.ts';
import { ledgerWords, periodWords } from '../../wording.ts';
import type { BotDeps } from '../deps.ts';
import { close, reopen } from '../handlers/closing.ts';
import { deadline } from '../handlers/deadline.ts';
import { digest } from '../handlers/digest.ts';
import { exportChat } from '../handlers/export.ts';
import { figureAnswer, figureName } from '../handlers/figure.ts';
import { fill, fillPeriod } from '../handlers/fill.ts';
import { helpCard } from '../handlers/help.ts';
import { history } from '../handlers/history.ts';
import { nudge } from '../handlers/nudge.ts';
import { reminderLog } from '../handlers/reminder-log.ts';
import { countyDetail, progress, summary } from '../handlers/status.ts';
import type { StatusAsk } from '../handlers/status-ask.ts';
import { unreported } from '../handlers/unreported.ts';
import type { Identified } from '../identify.ts';
import type { FallbackReading } from '../intent-fallback.ts';
import { type About, aboutLine, withAbout } from './about.ts';
import { clarifyCard } from './clarify.ts';
import { privately } from './privately.ts';
import { readMessage } from './read-message.ts';

/** Answers that read what was reported: nothing to read for a quarter that has not begun. */
const READS: ReadonlySet<IntentName> = new Set([
  'unreported',
  'progress',
  'summary',
  'figure',
  'county',
  'own_status',
  'digest',
]);

export async function respond(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  text: string,
  conversation: Conversation,
  chosen = false,
): Promise<BotResponse> {
  const now = deps.now();
  let reading = readMessage(roster, who.unit, text, now);
  // What the rules do not read, a configured model may: its reading is marked as such in the reply,
  // and one it is not sure of is asked about, never acted on.
  const byModel =
    reading.intent === 'unknown' && deps.intentFallback ? await fallback(deps, roster, text) : null;
  if (byModel) reading = byModel.reading;
  if (byModel && !byModel.sure && !chosen)
    return marked({ replies: [{ kind: 'card', card: clarifyCard(text, reading) }] });
  if (!chosen && reading.alternatives.length > 0)
    return { replies: [{ kind: 'card', card: clarifyCard(text, reading) }] };
  const answer = await answerReading(deps, roster, who, text, conversation, reading, now);
  return byModel ? marked(answer) : answer;
}

/** A reply from the model's reading says so on its first line (a card's title). */
function marked(response: BotResponse): BotResponse {
  const mark = say('figure.modelMark');
  const first = (replies: BotResponse['replies']): BotResponse['replies'] => {
    const [head, ...rest] = replies;
    if (head?.kind === 'card')
      return [{ kind: 'card', card: { ...head.card, title: head.card.title + mark } }, ...rest];
    if (head?.kind === 'text') return [{ kind: 'text', text: `${mark}${head.text}` }, ...rest];
    return replies;
  };
  return response.privateReplies
    ? { ...response, privateReplies: first(response.privateReplies) }
    : { ...response, replies: first(response.replies) };
}

async function answerReading(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  text: string,
  conversation: Conversation,
  reading: Reading,
  now: Date,
): Promise<BotResponse> {
  const card = (c: ReturnType<typeof helpCard>): BotResponse => ({ replies: [{ kind: 'card', card: c }] });
  switch (reading.intent) {
    case 'help':
    case 'bind':
      return card(helpCard(roster, who));
    case 'unknown':
      return card(helpCard(roster, who, say('bot.notUnderstood', { text: text.trim().slice(0, 30) })));
    case 'thanks':
      return { replies: [{ kind: 'text', text: say('bot.thanks') }] };
    case 'reminders':
      return privately(conversation, await reminderLog(deps, roster, who));
  }

  const county = reading.county ? unitNamed(roster, 'county', reading.county) : null;
  const city = reading.city ? unitNamed(roster, 'city', reading.city) : null;
  const ledger = reading.ledger ? findLedger(reading.ledger) : undefined;
  const stated = reading.period !== null;
  const period: Period =
    reading.intent === 'fill' && ledger
      ? fillPeriod(ledger, reading.period, now)
      : (reading.period ?? (reading.intent === 'deadline' ? quarterOf(now) : quarterNowDue(now)));
  const about: About = {
    period: reading.intent === 'history' && !stated ? null : period,
    periodStated: stated,
    ledger: reading.ledger,
    place: county?.name ?? city?.name ?? scopeWords(who.unit),
  };
  const said = (response: BotResponse) => withAbout(response, aboutLine(about, reading.named));
  if (city && !seesAnyOf(roster, who.unit, city))
    return said({ replies: [{ kind: 'text', text: say('bot.outOfScope', { county: city.name }) }] });
  if (READS.has(reading.intent) && notYetDue(period, now))
    return said({ replies: [{ kind: 'text', text: say('about.notYet', { period: periodWords(period) }) }] });

  const ask: StatusAsk = { ledger: reading.ledger, period, city, filter: reading.filter };
  switch (reading.intent) {
    case 'fill':
      return said(
        privately(
          conversation,
          await fill(deps, roster, who, {
            ledger: reading.ledger,
            period: stated ? period : null,
            county: reading.county,
          }),
        ),
      );
    case 'unreported':
      return said(await unreported(deps, roster, who, ask, conversation));
    case 'progress':
      return said(await progress(deps, who, ask));
    case 'summary':
      return said(await summary(deps, who, ask, conversation));
    case 'figure': {
      if (!reading.figure) return said(await summary(deps, who, ask, conversation));
      const question = {
        figure: reading.figure,
        ledger: reading.ledger,
        period,
        county,
        city,
        place: about.place,
      };
      const what = figureWhat(reading.figure, reading.ledger);
      // A year asked is answered at its latest quarter reported: the echo says both, and the year
      // named counts as applied.
      const named = { ...reading.named, periods: reading.named.periods.filter((p) => p !== reading.period) };
      const answered = await figureAnswer(deps, roster, who, question, conversation);
      return withAbout(answered.response, aboutLine({ ...about, ...answered.period, what }, named));
    }
    case 'deadline':
      return said(await deadline(deps, who, ask));
    case 'digest':
      return said(await digest(deps, roster, who, { period, city }, conversation));
    case 'county':
    case 'own_status': {
      const target = county ?? (who.unit.kind === 'county' ? who.unit : null);
      if (!target) return said(await progress(deps, who, ask));
      return said(await countyDetail(deps, roster, who, ask, target, conversation));
    }
    case 'history':
      return said(
        privately(
          conversation,
          await history(deps, roster, who, { ledger: reading.ledger, period: reading.period }),
        ),
      );
    case 'nudge':
      return said(await nudge(deps, roster, who, { county: reading.county, ledger: reading.ledger }));
    case 'export':
      return said(privately(conversation, await exportChat(deps, who, { ledger: reading.ledger, period })));
    case 'close':
      return said(await close(deps, who, period));
    case 'review':
      // What a lead unit reviews is the list of sheets waiting for its confirmation.
      return said(await unreported(deps, roster, who, { ...ask, filter: 'pending' }, conversation));
    case 'reopen':
      return said(await reopen(deps, who, { county: reading.county, ledger: reading.ledger, period }));
  }
}

/** The ledgers a figure is of and its name: 附件2 省直定点帮扶 · 实际投入帮扶资金. */
function figureWhat(figure: FigureAsk, named: LedgerId | null): string {
  const ids = named ? [named] : [...new Set(figure.metrics.map((id) => findMetric(id)?.ledger))];
  const ledgers = ids.flatMap((id) => {
    const ledger = id ? findLedger(id) : undefined;
    return ledger ? [ledgerWords(ledger)] : [];
  });
  return [ledgers.join('、') || say('about.allLedgers'), figureName(figure)].join(say('about.separator'));
}

/** Whether the asker may read any county of the city (a city asking about another city may not). */
function seesAnyOf(roster: Roster, unit: RosterUnit, city: RosterUnit): boolean {
  const scope = scopeOf(roster, unit);
  return roster.units.some((u) => u.kind === 'county' && u.cityId === city.id && inScope(scope, u.id));
}

function unitNamed(roster: Roster, kind: 'county' | 'city', name: string): RosterUnit | null {
  return roster.units.find((u) => u.kind === kind && u.name === name) ?? null;
}

/** The asker's whole scope in words: 全省, the city, the county, or the counties a unit helps. */
function scopeWords(unit: RosterUnit): string {
  if (unit.kind === 'bureau') return say('about.province');
  if (unit.kind === 'city' || unit.kind === 'county') return unit.name;
  return say('about.scopeOf', { unit: unit.name });
}

async function fallback(deps: BotDeps, roster: Roster, text: string): Promise<FallbackReading | null> {
  const names = (kind: 'county' | 'city') => roster.units.filter((u) => u.kind === kind).map((u) => u.name);
  return (
    (await deps.intentFallback
      ?.read(redacted(roster, text), {
        today: localDate(deps.now()),
        counties: names('county'),
        cities: names('city'),
      })
      .catch(() => null)) ?? null
  );
}

/** The message as the model may see it: no contact's name, no mobile number. */
function redacted(roster: Roster, text: string): string {
  let out = text.replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, '＊');
  for (const name of new Set(roster.contacts.map((c) => c.name.replace(/（.*?）$/, '')))) {
    if (name.length >= 2) out = out.split(name).join('＊');
  }
  return out;
}
