// Periods as people say them, absolute or relative to `now` (Beijing time): 2023年第一季度, 23年Q1,
// 2023Q1, 今年一季度, 去年四季度, 上季度, 上个季度, 本季度, 这季度, 下季度, 一季度 or Q1 alone (the latest
// such quarter that has begun), 今年, 去年, 全年, 年度, 上半年 and 前三季度 (year-to-date figures: the
// quarter that ends them). Each found period carries the text it was read from.
import { localDate } from '../domain/clock.ts';
import type { Period } from '../domain/period.ts';

export interface PeriodMention {
  period: Period;
  start: number;
  end: number;
}

type Quarter = 1 | 2 | 3 | 4;
const QUARTER: Readonly<Record<string, Quarter>> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
};

interface Pattern {
  re: RegExp;
  read(match: RegExpExecArray, now: { year: number; quarter: Quarter }): Period | null;
}

const yearOf = (text: string | undefined, thisYear: number): number | null => {
  if (text === undefined) return null;
  if (/^\d{4}$/.test(text)) return Number(text);
  if (/^\d{2}$/.test(text)) return 2000 + Number(text);
  return (
    { 今: thisYear, 本: thisYear, 去: thisYear - 1, 上: thisYear - 1, 前: thisYear - 2, 明: thisYear + 1 }[
      text
    ] ?? null
  );
};

const shift = (year: number, quarter: Quarter, by: number): Period => {
  const index = year * 4 + (quarter - 1) + by;
  return { year: Math.floor(index / 4), quarter: ((index % 4) + 1) as Quarter };
};

// Most specific first: a pattern's text is consumed, so 2023年第一季度 is not read again as 一季度.
const PATTERNS: readonly Pattern[] = [
  {
    // 2023年第一季度, 23年1季度, 今年一季度, 去年第四季, 2023年Q1, 2023年的一季度
    re: /(\d{4}|\d{2}|今|本|去|上|前|明)年(?:度)?(?:的)?(?:第)?([一二三四1-4])(?:季度|季)/g,
    read: (m, now) => {
      const year = yearOf(m[1], now.year);
      const quarter = QUARTER[m[2] ?? ''];
      return year && quarter ? { year, quarter } : null;
    },
  },
  {
    // 2023Q1, 2023-Q1, 2023 q1, 23q1, 2023年q1
    re: /(\d{4}|\d{2})(?:年)?\s*[-_]?\s*q([1-4])(?!\d)/g,
    read: (m, now) => {
      const year = yearOf(m[1], now.year);
      const quarter = QUARTER[m[2] ?? ''];
      return year && quarter ? { year, quarter } : null;
    },
  },
  {
    // 上季度, 上个季度, 上一季度, 本季度, 这季度, 这个季度, 当季, 下季度, 下个季度
    re: /(?<![一以])(上一?个?|下一?个?)季度?|(本|这一?个?|当前|当)季度?/g,
    read: (m, now) => {
      const word = m[1] ?? m[2] ?? '';
      const by = word.startsWith('上') ? -1 : word.startsWith('下') ? 1 : 0;
      return shift(now.year, now.quarter, by);
    },
  },
  {
    // 上半年, 今年上半年, 前三季度 (figures are year to date: the quarter that ends them)
    re: /(?:(\d{4}|\d{2}|今|本|去|前)年(?:度)?)?(上半年|前三季度|前三个季度|下半年|前两个?季度)/g,
    read: (m, now) => {
      const year = yearOf(m[1], now.year) ?? now.year;
      const quarter: Quarter = m[2] === '上半年' || m[2]?.startsWith('前两') ? 2 : m[2] === '下半年' ? 4 : 3;
      return { year, quarter };
    },
  },
  {
    // 一季度, 第二季度, 三季, Q4 alone: this year's if it has begun or comes next, else last year's
    // (四季度 asked in March is 2022's; 二季度 asked in March is the one about to be due).
    re: /(?:第)?([一二三四1-4])(?:季度|季)|(?<![a-z0-9])q([1-4])(?!\d)/g,
    read: (m, now) => {
      const quarter = QUARTER[m[1] ?? m[2] ?? ''];
      if (!quarter) return null;
      return { year: quarter > now.quarter + 1 ? now.year - 1 : now.year, quarter };
    },
  },
  {
    // 2023年, 2023年度, 今年, 去年, 本年度, 全年 (this year); not the digits of a phone number
    re: /(?<!\d)(\d{4})年?度?(?!\d|q|年|-)|(今|本|去|前|上一?)年度?|全年/g,
    read: (m, now) => {
      if (m[1]) {
        const year = Number(m[1]);
        return year >= 2000 && year <= 2100 ? { year, quarter: null } : null;
      }
      return { year: yearOf(m[2]?.[0], now.year) ?? now.year, quarter: null };
    },
  },
];

/** Every period named in a normalised text, in order of appearance, none overlapping another. */
export function findPeriods(text: string, now: Date): PeriodMention[] {
  const today = localDate(now);
  const month = Number(today.slice(5, 7));
  const current = { year: Number(today.slice(0, 4)), quarter: (Math.floor((month - 1) / 3) + 1) as Quarter };
  const taken: PeriodMention[] = [];
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern.re)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (taken.some((t) => start < t.end && end > t.start)) continue;
      const period = pattern.read(match as RegExpExecArray, current);
      if (period) taken.push({ period, start, end });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}
