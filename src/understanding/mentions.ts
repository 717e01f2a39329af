// What a message names, each with the text it was read from: ledgers (by number, 附件N, N号表, title,
// short name or alias), figures (投入资金, 培训, 消费帮扶), counties and cities (full or short), periods,
// a status filter (逾期的, 退回的, 待确认的…) and a reference to the asker's own unit (我们县). The rest
// of the text, with these taken out, is what the intent cues are matched against.
import { FIGURE_LEDGERS, findMetric, MEASURE_WORDS } from '../domain/ledgers/metrics.ts';
import type { LedgerId } from '../domain/ledgers/types.ts';
import type { Period } from '../domain/period.ts';
import { fuzzyFind } from './homophones.ts';
import type { Lexicon, Place } from './lexicon.ts';
import { COMPARED_WITH, findPeriods } from './periods.ts';

export type StatusFilter = 'unreported' | 'overdue' | 'returned' | 'pending' | 'confirmed';

interface Found<T> {
  value: T;
  start: number;
  end: number;
}

/** A figure named: every metric its word may be, within the ledgers named (else those of work done). */
export interface MetricMention {
  ids: string[];
  word: string;
  /** The word is a figure of another ledger than the one named (附件4的培训): not one of this ledger's. */
  elsewhere: boolean;
}

export interface Mentions {
  ledgers: Found<LedgerId>[];
  metrics: Found<MetricMention>[];
  places: Found<Place[]>[];
  periods: Found<Period>[];
  filters: Found<StatusFilter>[];
  /** 我们县, 我县, 本县, 我们单位…: the asker's own unit. */
  self: boolean;
  /** 我们县, 本县, 我区…: the asker's own county named as a place (bare 我们 is not). */
  selfPlace: boolean;
  /** The text with every mention blanked out, for the intent cues. */
  rest: string;
}

const NUMERALS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7 };
// 附件2, 附件 二, 附2, 二号表, 2号台账, 表二, 第二张表, L2 — the attachment's number in its usual frames.
const NUMBERED = [
  /附件\s*([1-7一二三四五六七])(?![0-9])/g,
  /(?<![0-9a-z])附\s*([1-7一二三四五六七])(?![0-9])/g,
  /([1-7一二三四五六七])\s*号\s*(?:表|台账|附件)/g,
  /(?:表|台账)\s*([1-7一二三四五六七])(?![0-9号])/g,
  /第\s*([1-7一二三四五六七])\s*(?:张|个|份)\s*(?:表|台账)/g,
  /(?<![a-z0-9])l\s*([1-5])(?![0-9])/g,
];

// A state the list should show. "退回" alone is also an action (review), so only "退回的…" filters.
const FILTERS: readonly [RegExp, StatusFilter][] = [
  [/逾期|超期|过期|超时|迟报|晚报|延期|拖延/g, 'overdue'],
  [/(?:被)?(?:退回|驳回|打回)(?:的|了的|来的)|(?:被|已)(?:退回|驳回|打回)/g, 'returned'],
  [/待确认|待审核|待审|未确认|没确认|还没确认|等待确认|等确认/g, 'pending'],
  [/已确认|确认了的|确认过的|已通过的|通过了的|审核通过的/g, 'confirmed'],
  [/未报(?:送)?的|没报的|没交的|未交的|未填报的|没填的/g, 'unreported'],
];

const SELF =
  /我们县|我县|本县|咱县|咱们县|我们区|我区|本区|我们市|我市|本市|我们单位|我单位|本单位|我们这|我们自己|咱们|我们/g;

export function findMentions(text: string, lexicon: Lexicon, now: Date): Mentions {
  const taken: { start: number; end: number }[] = [];
  const free = (start: number, end: number) => !taken.some((t) => start < t.end && end > t.start);
  const take = (start: number, end: number) => taken.push({ start, end });

  const self = [...text.matchAll(SELF)];
  for (const m of self) take(m.index ?? 0, (m.index ?? 0) + m[0].length);

  // 计划/实际 say which measure of a figure is meant; the figure's words are looked for without them.
  const measureFree = text.replace(MEASURE_WORDS, (m) => ' '.repeat(m.length));
  const { metricForms, ledgerForms: forms, placeForms } = formsOf(lexicon);
  const metrics: Found<MetricMention>[] = [];
  const findMetrics = (forms: typeof metricForms, elsewhere: boolean) => {
    for (const { form } of forms) {
      for (const at of occurrences(measureFree, form)) {
        if (!free(at, at + form.length)) continue;
        const ids = forms.filter((f) => f.form === form).map((f) => f.id);
        metrics.push({
          value: { ids: [...new Set(ids)], word: form, elsewhere },
          start: at,
          end: at + form.length,
        });
        take(at, at + form.length);
      }
    }
  };
  const ledgerForms = forms.map((f) => f.form);
  // A column whose name holds a ledger's word is the column (社会帮扶资金 is not 社会帮扶 + 资金), unless
  // a ledger's name as long covers it (首次联席会议 is the meeting, not 联席会议 the count).
  const longer = metricForms.filter(
    (f) =>
      FIGURE_LEDGERS.includes(f.ledger) &&
      findMetric(f.id)?.parts.length === 1 &&
      ledgerForms.some((l) => f.form.length > l.length && f.form.includes(l)),
  );
  findMetrics(
    longer.filter(
      (f) =>
        !ledgerForms.some(
          (l) =>
            l.length >= f.form.length &&
            occurrences(text, l).some((o) =>
              occurrences(measureFree, f.form).some((at) => o < at + f.form.length && o + l.length > at),
            ),
        ),
    ),
    false,
  );

  const ledgers: Found<LedgerId>[] = [];
  for (const re of NUMBERED) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      const n = NUMERALS[m[1] ?? ''] ?? Number(m[1]);
      const ledger = lexicon.ledgers.find((l) => l.attachment === n);
      if (ledger && free(start, end)) {
        ledgers.push({ value: ledger.id, start, end });
        take(start, end);
      }
    }
  }
  // Names and aliases, longest first across all ledgers, so 中央定点 wins over 定点.
  for (const { id, form } of forms) {
    for (const at of occurrences(text, form)) {
      if (!free(at, at + form.length)) continue;
      ledgers.push({ value: id, start: at, end: at + form.length });
      take(at, at + form.length);
    }
  }

  const places: Found<Place[]>[] = [];
  for (const { form, named } of placeForms) {
    for (const at of occurrences(text, form)) {
      if (!free(at, at + form.length)) continue;
      places.push({ value: named, start: at, end: at + form.length });
      take(at, at + form.length);
    }
  }

  // Figures of the ledgers named, else of the ledgers of work done; a figure only another ledger has
  // is kept as such, so the answer can say this ledger has no such figure.
  const named = new Set<LedgerId>(ledgers.map((l) => l.value));
  const within = (ids: ReadonlySet<LedgerId>) => metricForms.filter((f) => ids.has(f.ledger));
  if (metrics.length === 0) findMetrics(within(named.size > 0 ? named : new Set(FIGURE_LEDGERS)), false);
  if (metrics.length === 0 && named.size > 0)
    findMetrics(within(new Set(FIGURE_LEDGERS.filter((id) => !named.has(id)))), true);

  const periods = findPeriods(
    text.replace(COMPARED_WITH, (m) => ' '.repeat(m.length)),
    now,
  ).filter((p) => free(p.start, p.end));
  for (const p of periods) take(p.start, p.end);

  // Filters stay in the text: 没报的, 逾期 are also what the intent cues listen for.
  const filters: Found<StatusFilter>[] = [];
  for (const [re, filter] of FILTERS) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (free(start, end) && !filters.some((f) => start < f.end && end > f.start)) {
        filters.push({ value: filter, start, end });
      }
    }
  }

  // A ledger word typed with a same-sounding character (结队, 付件2, 省值) found last, in what is left.
  for (const found of fuzzyFind(text, forms, free)) {
    ledgers.push({ value: found.id, start: found.start, end: found.end });
    take(found.start, found.end);
  }

  let rest = text;
  for (const t of taken) rest = `${rest.slice(0, t.start)}${' '.repeat(t.end - t.start)}${rest.slice(t.end)}`;
  return {
    ledgers: ledgers.sort((a, b) => a.start - b.start),
    metrics: metrics.sort((a, b) => a.start - b.start),
    places: places.sort((a, b) => a.start - b.start),
    periods: periods.map((p) => ({ value: p.period, start: p.start, end: p.end })),
    filters: filters.sort((a, b) => a.start - b.start),
    self: self.length > 0,
    selfPlace: self.some((m) => /[县区]$/.test(m[0])),
    rest,
  };
}

interface Forms {
  metricForms: { id: string; ledger: LedgerId; form: string }[];
  ledgerForms: { id: LedgerId; form: string }[];
  placeForms: { form: string; named: Place[] }[];
}

// The lexicon's words longest first, sorted once per lexicon (a national roster has thousands).
const FORMS = new WeakMap<Lexicon, Forms>();

function formsOf(lexicon: Lexicon): Forms {
  const known = FORMS.get(lexicon);
  if (known) return known;
  const longestFirst = <T extends { form: string }>(list: T[]) =>
    list.sort((a, b) => b.form.length - a.form.length);
  const byForm = new Map<string, Place[]>();
  for (const place of lexicon.places)
    for (const form of place.forms) byForm.set(form, [...(byForm.get(form) ?? []), place]);
  const forms: Forms = {
    metricForms: longestFirst(
      lexicon.metrics.flatMap((m) => m.forms.map((form) => ({ id: m.id, ledger: m.ledger, form }))),
    ),
    ledgerForms: longestFirst(lexicon.ledgers.flatMap((l) => l.forms.map((form) => ({ id: l.id, form })))),
    // A short form shared by a county and a city (恩施: 恩施市 and 恩施州) names both; the intent decides.
    placeForms: longestFirst([...byForm.entries()].map(([form, named]) => ({ form, named }))),
  };
  FORMS.set(lexicon, forms);
  return forms;
}

function occurrences(text: string, form: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) found.push(at);
  return found;
}
