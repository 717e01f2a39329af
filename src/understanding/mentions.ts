// What a message names, each with the text it was read from: ledgers (by number, 附件N, N号表, title,
// short name or alias), counties and cities (full or short), periods, a status filter (逾期的, 退回的,
// 待确认的…) and a reference to the asker's own unit (我们县). The rest of the text, with these
// taken out, is what the intent cues are matched against.
import type { LedgerId } from '../domain/ledgers/types.ts';
import type { Period } from '../domain/period.ts';
import { fuzzyFind } from './homophones.ts';
import type { Lexicon, Place } from './lexicon.ts';
import { findPeriods } from './periods.ts';

export type StatusFilter = 'unreported' | 'overdue' | 'returned' | 'pending' | 'confirmed';

interface Found<T> {
  value: T;
  start: number;
  end: number;
}

export interface Mentions {
  ledgers: Found<LedgerId>[];
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
  const forms = lexicon.ledgers
    .flatMap((l) => l.forms.map((form) => ({ id: l.id, form })))
    .sort((a, b) => b.form.length - a.form.length);
  for (const { id, form } of forms) {
    for (const at of occurrences(text, form)) {
      if (!free(at, at + form.length)) continue;
      ledgers.push({ value: id, start: at, end: at + form.length });
      take(at, at + form.length);
    }
  }

  const places: Found<Place[]>[] = [];
  const placeForms = lexicon.places
    .flatMap((place) => place.forms.map((form) => ({ place, form })))
    .sort((a, b) => b.form.length - a.form.length);
  for (const { form } of placeForms) {
    for (const at of occurrences(text, form)) {
      if (!free(at, at + form.length)) continue;
      // A short form shared by a county and a city (恩施: 恩施市 and 恩施州) names both; the intent decides.
      const named = lexicon.places.filter((p) => p.forms.includes(form));
      places.push({ value: named, start: at, end: at + form.length });
      take(at, at + form.length);
    }
  }

  const periods = findPeriods(text, now).filter((p) => free(p.start, p.end));
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
    places: places.sort((a, b) => a.start - b.start),
    periods: periods.map((p) => ({ value: p.period, start: p.start, end: p.end })),
    filters: filters.sort((a, b) => a.start - b.start),
    self: self.length > 0,
    selfPlace: self.some((m) => /[县区]$/.test(m[0])),
    rest,
  };
}

function occurrences(text: string, form: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) found.push(at);
  return found;
}
