// A message's reading: what the person wants (the intent), and the ledger, period, county or city and
// status filter they named. Every intent is scored by the cues found in the message and by what it
// names, and the best reading wins; a close second that would do something else is kept as an
// alternative, so the bot asks instead of guessing. Nothing is defaulted here: a period or ledger the
// person did not name is null, and the reply says which one it used.
import type { LedgerId } from '../domain/ledgers/types.ts';
import type { Period } from '../domain/period.ts';
import type { UnitKind } from '../domain/roster.ts';
import { type FigureAsk, figureShape, QUANTITY, RATE } from './figure-ask.ts';
import { fuzzyFind, respell } from './homophones.ts';
import { CUES, type Cue, INTENT_NAMES, type IntentName, STATE_PHRASES } from './intent-cues.ts';
import type { Lexicon, Place } from './lexicon.ts';
import { findMentions, type StatusFilter } from './mentions.ts';
import { normalizeText } from './normalize.ts';

export type { FigureAsk } from './figure-ask.ts';
export type { IntentName } from './intent-cues.ts';
export type { StatusFilter } from './mentions.ts';

export interface Asker {
  kind: UnitKind;
  /** The asker's own county (a county's clerk), by roster name. */
  county: string | null;
  /** Whether the asker's unit fills any form (counties their ledgers; lead units and helpers their
   *  declarations): a ledger named alone then means "fill it". */
  fills: boolean;
}

export interface Reading {
  intent: IntentName;
  ledger: LedgerId | null;
  period: Period | null;
  county: string | null;
  city: string | null;
  filter: StatusFilter | null;
  /** The code of 绑定 <code>. */
  code: string | null;
  /** For a figure question: the figure, its measure and the answer's shape. */
  figure: FigureAsk | null;
  /** Readings nearly as likely that would do something else: the bot asks. */
  alternatives: IntentName[];
  /** Everything recognised, applied or not: a reply names what it could not apply. */
  named: {
    ledgers: LedgerId[];
    counties: string[];
    cities: string[];
    periods: Period[];
  };
}

/** Intents that change something or open a form: guessed wrong, they do harm, so a close call asks. */
const ACTIONS: ReadonlySet<IntentName> = new Set(['fill', 'nudge', 'export', 'close', 'reopen', 'review']);
/** Intents answered for one county; the others read a place as a city when it can be one. */
const FOR_A_COUNTY: ReadonlySet<IntentName> = new Set([
  'county',
  'nudge',
  'fill',
  'own_status',
  'reopen',
  'review',
]);
/** Intents that are about no ledger, period or place: what a message names alongside is not theirs. */
const ABOUT_SOMETHING: ReadonlySet<IntentName> = new Set(
  INTENT_NAMES.filter((i) => !['help', 'thanks', 'unknown', 'bind'].includes(i)),
);
/** What a county's clerk means by words of intents that are not theirs: 审核/确认 asks about the
 *  review of its own sheets, 没交/还差 about what it still owes; it nudges nobody. */
const COUNTY_MEANS: Partial<Record<IntentName, IntentName | null>> = {
  review: 'own_status',
  nudge: null,
};
/** On equal scores, the more specific intent wins. */
const PRIORITY: readonly IntentName[] = [
  'bind',
  'close',
  'reopen',
  'reminders',
  'digest',
  'export',
  'nudge',
  'deadline',
  'history',
  'figure',
  'review',
  'own_status',
  'unreported',
  'progress',
  'summary',
  'county',
  'fill',
  'help',
  'thanks',
  'unknown',
];
const UNDERSTOOD = 1.8;
const CLOSE_CALL = 0.8;
const QUESTION = /[?吗么呢]|没有?$|没[?。]?$/;
/** Words other readers match literally (附件N, N季度): typed with a same-sounding character, respelt first. */
const FRAMES = ['附件', '季度', '台账', '绑定'];

export function understand(input: string, context: { lexicon: Lexicon; asker: Asker; now: Date }): Reading {
  const text = respell(normalizeText(input).slice(0, 500), FRAMES);
  const mentions = findMentions(text, context.lexicon, context.now);
  const ledgers = unique(mentions.ledgers.map((l) => l.value));
  const periods = mentions.periods.map((p) => p.value);
  const places = mentions.places.map((p) => p.value);
  const counties = unique(
    places.flatMap((named) => named.filter((p) => p.kind === 'county').map((p) => p.name)),
  );
  const cities = unique(places.flatMap((named) => named.filter((p) => p.kind === 'city').map((p) => p.name)));
  const filter =
    mentions.filters.find((f) => f.value !== 'unreported')?.value ?? mentions.filters[0]?.value ?? null;
  // The ledger meant is the one named most fully: 省直定点帮扶责任书 is the pledge, not 省直 + 责任书.
  const primary = [...mentions.ledgers].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start,
  )[0];
  // A figure named: within the ledger named, its only ledger when it names one (培训 is 附件1's and 2's).
  const metric = mentions.metrics[0]?.value;
  const metricLedgers = unique((metric?.elsewhere ? [] : (metric?.ids ?? [])).map((id) => id.split('.')[0]));
  const base = {
    ledger: primary?.value ?? (metricLedgers.length === 1 ? (metricLedgers[0] as LedgerId) : null),
    period: periods[0] ?? null,
    code: null,
    figure: null,
    named: { ledgers, counties, cities, periods },
  };

  const code = bindCodeIn(text);
  if (code !== null || /^绑定/.test(text))
    return { ...base, intent: 'bind', county: null, city: null, filter: null, code, alternatives: [] };

  const scores = scoreCues(mentions.rest, text, mentions.filters);
  const status = scores.get('status_question') ?? 0;
  scores.delete('status_question');
  const add = (intent: IntentName, points: number) => scores.set(intent, (scores.get(intent) ?? 0) + points);
  // A figure named and a quantity asked (一共多少, 排名, 完成率, 比去年): the figure is the question, and
  // 汇总/合计 add up that figure rather than the whole ledger.
  const asksQuantity = metric !== undefined && QUANTITY.test(text);
  if (asksQuantity) {
    // 完成率 of a figure is its actual ÷ planned, not the reporting progress.
    const rate = RATE.test(mentions.rest) ? (scores.get('progress') ?? 0) : 0;
    scores.set('figure', (scores.get('figure') ?? 0) + 5 + (scores.get('summary') ?? 0) + rate);
    scores.delete('summary');
    if (rate > 0) scores.delete('progress');
  }
  const ownPlace = mentions.self || (counties.length === 0 && cities.length === 0);
  if (status > 0) {
    if (counties.some((c) => c !== context.asker.county) && !mentions.self) add('county', status);
    else if (ownPlace && context.asker.kind === 'county') add('own_status', status);
    else add('unreported', status * 0.9);
  }
  if (counties.length > 0) add('county', 1.5);
  const aboutOwn = context.asker.kind === 'county' && ownPlace;
  if (filter && !aboutOwn) add('unreported', filter === 'unreported' ? 3 : 2.5);
  if (mentions.self && context.asker.kind === 'county') add('own_status', 1);
  const move = (from: IntentName, to: IntentName | null) => {
    const score = scores.get(from);
    if (score === undefined) return;
    scores.delete(from);
    if (to) add(to, score);
  };
  if (context.asker.kind === 'county') {
    for (const [intent, means] of Object.entries(COUNTY_MEANS) as [IntentName, IntentName | null][])
      move(intent, means);
    // "我们…" from a county's clerk is about its own county, however it is asked.
    if (mentions.self)
      for (const intent of ['unreported', 'progress', 'summary'] as const) move(intent, 'own_status');
  } else if (context.asker.kind === 'lead_unit') {
    // A lead unit returning a sheet says what the county got wrong (填错了): that is the review.
    if (scores.has('review')) move('fill', 'review');
  } else {
    // Only lead units review; anyone else asking about a review asks how a county or the list stands.
    move('review', counties.length > 0 ? 'county' : 'unreported');
  }
  // One county named (and no city): its progress, totals or missing sheets are that county's detail.
  if (counties.length === 1 && cities.length === 0 && !mentions.self) {
    for (const intent of ['progress', 'summary', 'unreported'] as const) move(intent, 'county');
  }
  if (ledgers.length > 0) add(context.asker.fills ? 'fill' : 'progress', 1.2);
  if (QUESTION.test(text)) add('fill', -2.5);
  // An action on a list (催 the ones not reported, 导出 the returned) has the list as its object.
  if ((scores.get('nudge') ?? 0) >= 4 || (scores.get('export') ?? 0) >= 4) {
    const listed = scores.get('unreported');
    if (listed !== undefined) scores.set('unreported', listed / 2);
  }
  if (scores.size === 0 || Math.max(...scores.values()) < UNDERSTOOD) {
    // Nothing asked in so many words: a figure named is asked for, a place alone is "how is it
    // doing", a ledger alone is the asker's usual business with it.
    if (metric && saysLittleElse(mentions.rest)) add('figure', UNDERSTOOD);
    else if (counties.length > 0) add('county', UNDERSTOOD);
    else if (cities.length > 0 || (periods.length > 0 && saysLittleElse(mentions.rest)))
      add('progress', UNDERSTOOD);
    else if (ledgers.length > 0) add(context.asker.fills ? 'fill' : 'progress', UNDERSTOOD);
  }

  const ranked = ([...scores.entries()] as [IntentName, number][])
    .filter(([, score]) => score >= UNDERSTOOD)
    .sort((a, b) => b[1] - a[1] || PRIORITY.indexOf(a[0]) - PRIORITY.indexOf(b[0]));
  const [best, second] = ranked;
  // An empty message, or punctuation and emoji that say nothing known, gets the help card.
  const read: IntentName = best?.[0] ?? (/^[\p{P}\p{S}\s]*$/u.test(text) ? 'help' : 'unknown');
  const intent = refined(read, context.asker, counties, mentions.self);
  const alternatives =
    best && second && best[1] - second[1] < CLOSE_CALL && (ACTIONS.has(best[0]) || ACTIONS.has(second[0]))
      ? [second[0]]
      : [];
  const place = resolvePlace(intent, places, context.asker, mentions.self, mentions.selfPlace);
  // A list is always of some state: 谁还没报 lists the unreported. An action on a list keeps the state
  // only when one is named (导出退回的); 催没报的 nudges whoever has not reported anyway.
  const kept = intent === 'unreported' ? (filter ?? 'unreported') : intent === 'export' ? filter : null;
  const figure: FigureAsk | null =
    intent === 'figure' && metric
      ? { metrics: metric.elsewhere ? [] : metric.ids, word: metric.word, ...figureShape(mentions.rest) }
      : null;
  if (!ABOUT_SOMETHING.has(intent))
    return {
      ...base,
      ledger: null,
      period: null,
      intent,
      county: null,
      city: null,
      filter: null,
      alternatives,
    };
  return {
    ...base,
    ledger: intent === 'figure' || primary ? base.ledger : null,
    intent,
    ...place,
    filter: kept,
    alternatives,
    figure,
  };
}

/** A county's clerk asking how its own county stands asks its own status; a lead unit asking for
 *  the sheets waiting for confirmation asks for its review. */
function refined(intent: IntentName, asker: Asker, counties: readonly string[], self: boolean): IntentName {
  if (
    intent === 'county' &&
    asker.county &&
    (self || (counties.length === 1 && counties[0] === asker.county))
  )
    return 'own_status';
  return intent;
}

/** Whether a message is little more than what it names (一季度, 十堰 二季度?): then it asks how that
 *  stands; a sentence about something else that happens to name a year is not understood. */
function saysLittleElse(rest: string): boolean {
  return rest.replace(/[\p{P}\p{S}\s的了呢吗啊呀吧]/gu, '').length <= 4;
}

/** The code of "绑定 AB12CD" however it is said (我要绑定，码是 ab12cd), or null. */
export function bindCodeIn(text: string): string | null {
  const code = /绑定[^a-z0-9]{0,10}?([a-z0-9]{4,12})[\s。.!！]*$/i.exec(normalizeText(text))?.[1];
  return code ? code.toUpperCase() : null;
}

/** The county or city a reading is for: a place named as both (恩施) is a county for an intent about
 *  one county and a city otherwise; "我们县" is the asker's own county. */
function resolvePlace(
  intent: IntentName,
  places: readonly Place[][],
  asker: Asker,
  self: boolean,
  selfPlace: boolean,
): { county: string | null; city: string | null } {
  const forCounty = FOR_A_COUNTY.has(intent);
  let county: string | null = null;
  let city: string | null = null;
  for (const named of places) {
    const asCounty = named.find((p) => p.kind === 'county');
    const asCity = named.find((p) => p.kind === 'city');
    if (asCounty && (forCounty || !asCity)) county ??= asCounty.name;
    else if (asCity) city ??= asCity.name;
  }
  // "我们" names the asker's own county only where the answer is about one county.
  if (
    county === null &&
    asker.county &&
    (intent === 'own_status' || selfPlace || (self && intent === 'county'))
  )
    county = asker.county;
  return { county, city };
}

/** Each cue counts once. Cue words are taken longest first and may not overlap, so 催报记录 is the
 *  reminders log and not also 催报; words typed by sound are looked for in what is left. */
function scoreCues(
  rest: string,
  whole: string,
  filters: readonly { start: number; end: number }[],
): Map<IntentName | 'status_question', number> {
  const hit = new Set<Cue>();
  // A filter (退回的, 已确认) is not also the action its words name (退回, 确认); nor is a state (已封账).
  const states = [...rest.matchAll(STATE_PHRASES)].map((m) => ({
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
  const unstated = blank(rest, states);
  const unstatedWhole = blank(
    whole,
    [...whole.matchAll(STATE_PHRASES)].map((m) => ({
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
    })),
  );
  const taken: { start: number; end: number; form: string }[] = [...filters, ...states].map((f) => ({
    ...f,
    form: '',
  }));
  const free = (start: number, end: number, form = '') =>
    !taken.some((t) => start < t.end && end > t.start && !(t.form === form && t.start === start));
  for (const { cue, form } of WORDS) {
    for (let at = rest.indexOf(form); at >= 0; at = rest.indexOf(form, at + 1)) {
      if (!free(at, at + form.length, form)) continue;
      taken.push({ start: at, end: at + form.length, form });
      hit.add(cue);
    }
  }
  for (const found of fuzzyFind(rest, WORDS, (start, end) => free(start, end))) {
    taken.push({ ...found, form: found.form });
    hit.add(found.cue);
  }
  for (const cue of CUES) {
    if (cue.pattern?.test(cue.pattern.source.startsWith('^') ? unstatedWhole : unstated)) hit.add(cue);
  }
  const scores = new Map<IntentName | 'status_question', number>();
  for (const cue of hit) scores.set(cue.intent, (scores.get(cue.intent) ?? 0) + cue.weight);
  return scores;
}

const WORDS = CUES.flatMap((cue) => (cue.words ?? []).map((form) => ({ cue, form }))).sort(
  (a, b) => b.form.length - a.form.length,
);

function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const s of spans) out = `${out.slice(0, s.start)}${' '.repeat(s.end - s.start)}${out.slice(s.end)}`;
  return out;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
