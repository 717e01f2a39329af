// Reads a year's holiday schedule the way the bureau receives it: the State Council's notice
// (国务院办公厅关于某年部分节假日安排的通知), pasted whole, or a plain list of dates. Each numbered
// item ("一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。") gives rest days and
// make-up working days; the rest of a notice (salutation, preamble, closing) is not read. Everything
// that is read must be understood: a sentence with a date but no 放假/上班, a "共N天" that does not
// match its dates, or a weekday that does not match the year refuses the whole text, naming the line.
// Encouragements (鼓励……在除夕休息) are not rest days and are set aside, shown as such.
import { addDays, daysBetween, isValidDate } from './clock.ts';

export interface NoticeHoliday {
  /** The item's heading ("元旦", "国庆节、中秋节"); empty for a plain list line. */
  name: string;
  rest: string[];
  work: string[];
}

export interface ParsedNotice {
  year: number;
  holidays: NoticeHoliday[];
  /** Sentences set aside (an encouragement to rest, not an arrangement). */
  setAside: string[];
  /** All rest days and make-up working days, sorted. */
  rest: string[];
  work: string[];
}

export type NoticeProblem =
  | { code: 'no_year' }
  | { code: 'year_mismatch'; found: number; year: number }
  | { code: 'empty' }
  | { code: 'no_verb'; line: string }
  | { code: 'both_verbs'; line: string }
  | { code: 'no_month'; line: string }
  | { code: 'bad_date'; line: string; date: string }
  | { code: 'count_mismatch'; line: string; stated: number; counted: number }
  | { code: 'weekday_mismatch'; line: string; date: string; stated: string; actual: string }
  | { code: 'outside_year'; line: string; date: string; year: number }
  | { code: 'conflict'; date: string };

export type NoticeResult = { ok: true; notice: ParsedNotice } | { ok: false; problem: NoticeProblem };

const NUMERAL = '[一二三四五六七八九十]+';
const ITEM = new RegExp(`^\\s*${NUMERAL}、`);
// A numbered item starts a line, or follows a full stop when the notice was pasted as one line.
const ITEM_START = new RegExp(`(?<=^|[。\\s])(?=${NUMERAL}、)`, 'u');
const HEADING = /^([^:,。]{1,40}):(.*)$/u;
const VERB_HEADING = /^(放假|休息|补休|上班|调休上班)$/;
const ADVISORY = /鼓励|倡导|建议/;
const WORK = /上班/;
const REST = /放假|补休|休息|休假|调休/;
// 2026年1月1日 / 1月1日 / 3日, each optionally followed by (周四) or (农历腊月二十八、周日); or 2027-01-01.
const DATE =
  /(?:(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日|(\d{4})[-/.](\d{1,2})[-/.](\d{1,2}))(?:\(([^)]*)\))?/gu;
const RANGE_JOIN = /^\s*(?:至|到|~|-|—|–)\s*$/u;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

export function parseHolidayNotice(text: string, options: { year?: number } = {}): NoticeResult {
  // The signature (发文机关 and 成文日期) is dated but arranges nothing; pasted as one line it would
  // otherwise end the last item.
  const normal = text
    .normalize('NFKC')
    .replace(/\r/g, '')
    .replace(/国务院办公厅\s*\d{4}年\d{1,2}月\d{1,2}日/gu, '');
  const found = /关于(\d{4})年部分节假日|现将(\d{4})年/.exec(normal);
  const stated = found ? Number(found[1] ?? found[2]) : undefined;
  if (stated !== undefined && options.year !== undefined && stated !== options.year) {
    return { ok: false, problem: { code: 'year_mismatch', found: stated, year: options.year } };
  }
  const lines = normal
    .split('\n')
    .flatMap((line) => line.split(ITEM_START))
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const isNotice = lines.some((line) => ITEM.test(line));
  const read = isNotice ? lines.filter((line) => ITEM.test(line)) : lines;
  const year = options.year ?? stated ?? yearOfList(read);
  if (year === undefined) return { ok: false, problem: { code: 'no_year' } };

  const holidays: NoticeHoliday[] = [];
  const setAside: string[] = [];
  for (const line of read) {
    const item = readItem(line.replace(ITEM, ''), year);
    if ('code' in item) return { ok: false, problem: item };
    setAside.push(...item.setAside);
    if (item.holiday.rest.length + item.holiday.work.length > 0) holidays.push(item.holiday);
  }
  const rest = [...new Set(holidays.flatMap((h) => h.rest))].sort();
  const work = [...new Set(holidays.flatMap((h) => h.work))].sort();
  if (rest.length + work.length === 0) return { ok: false, problem: { code: 'empty' } };
  const both = rest.find((date) => work.includes(date));
  if (both) return { ok: false, problem: { code: 'conflict', date: both } };
  return { ok: true, notice: { year, holidays, setAside, rest, work } };
}

/** A plain list gives its year by its dates: the year most of them fall in. */
function yearOfList(lines: readonly string[]): number | undefined {
  const years = lines.flatMap((line) =>
    [...line.matchAll(/(\d{4})(?:年|[-/.]\d)/gu)].map((m) => Number(m[1])),
  );
  const counts = new Map<number, number>();
  for (const y of years) counts.set(y, (counts.get(y) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

type ItemResult = { holiday: NoticeHoliday; setAside: string[] } | NoticeProblem;

function readItem(line: string, year: number): ItemResult {
  const heading = HEADING.exec(line);
  const named = heading && !VERB_HEADING.test(heading[1]?.trim() ?? '');
  const name = named ? (heading?.[1]?.trim() ?? '') : '';
  const body = named ? (heading?.[2] ?? '') : line;
  const holiday: NoticeHoliday = { name, rest: [], work: [] };
  const setAside: string[] = [];
  // A date written without its month takes the month last written on the line ("1月1日至3日").
  const context = { year, month: undefined as number | undefined };
  for (const sentence of body.split(/[。;]/u).map((s) => s.trim())) {
    if (sentence === '') continue;
    if (ADVISORY.test(sentence)) {
      setAside.push(sentence);
      continue;
    }
    let restHere = 0;
    let count: number | undefined;
    for (const clause of sentence.split(/,/u).map((c) => c.trim())) {
      const dates = readDates(clause, context, line);
      if ('code' in dates) return dates;
      const words = clause.replace(DATE, ' ');
      const stated = /共(\d+)天|放假(\d+)天/.exec(words);
      if (stated) count = Number(stated[1] ?? stated[2]);
      if (dates.length === 0) continue;
      const work = WORK.test(words);
      // "调休上班" is a working day's wording, not a day off.
      const rest = REST.test(words.replace(/调休上班|上班/g, ''));
      if (work && rest) return { code: 'both_verbs', line };
      if (!work && !rest) return { code: 'no_verb', line };
      (work ? holiday.work : holiday.rest).push(...dates);
      if (rest) restHere += dates.length;
    }
    if (count !== undefined && restHere > 0 && count !== restHere) {
      return { code: 'count_mismatch', line, stated: count, counted: restHere };
    }
  }
  for (const date of [...holiday.rest, ...holiday.work]) {
    // A notice may reach into the December before its year (元旦 from 12月30日), never further.
    if (date < `${year - 1}-12-01` || date > `${year}-12-31`)
      return { code: 'outside_year', line, date, year };
  }
  return { holiday, setAside };
}

/** The days a clause names: single dates, and ranges "A至B" expanded day by day. */
function readDates(
  clause: string,
  context: { year: number; month: number | undefined },
  line: string,
): string[] | NoticeProblem {
  const days: string[] = [];
  let previous: { date: string; end: number } | undefined;
  for (const match of clause.matchAll(DATE)) {
    const [, y1, m1, d1, y2, m2, d2, note] = match;
    const month = Number(m1 ?? m2 ?? context.month ?? Number.NaN);
    if (Number.isNaN(month)) return { code: 'no_month', line };
    context.month = month;
    let year = Number(y1 ?? y2 ?? context.year);
    // "12月30日至1月1日" without years: the range ends in the next year.
    if (!y1 && !y2 && previous && month < Number(previous.date.slice(5, 7))) year += 1;
    const date = `${year}-${pad(month)}-${pad(Number(d1 ?? d2))}`;
    if (!isValidDate(date)) return { code: 'bad_date', line, date: match[0] };
    const weekday = note && /(?:周|星期)([一二三四五六日天])/u.exec(note)?.[1];
    if (weekday) {
      const actual = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
      if ((weekday === '天' ? '日' : weekday) !== actual) {
        return { code: 'weekday_mismatch', line, date, stated: `周${weekday}`, actual: `周${actual}` };
      }
    }
    const between = previous ? clause.slice(previous.end, match.index) : '';
    if (previous && RANGE_JOIN.test(between) && date > previous.date) {
      for (let d = addDays(previous.date, 1); daysBetween(d, date) >= 0; d = addDays(d, 1)) days.push(d);
    } else {
      days.push(date);
    }
    previous = { date, end: (match.index ?? 0) + match[0].length };
  }
  return days;
}

const pad = (n: number) => String(n).padStart(2, '0');
