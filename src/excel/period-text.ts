// The period a filled template names for itself: "2023年第一季度" or "2023Q1" in its title or 填报时间
// line. A bare date is not taken as a quarter: Q1 figures are often filled in early April.
import type { LedgerSpec } from '../domain/ledgers/types.ts';
import { formatPeriod, type Period } from '../domain/period.ts';
import { normaliseText } from './cells.ts';

export interface NamedPeriod {
  year: number | null;
  quarter: 1 | 2 | 3 | 4 | null;
}

const QUARTER_DIGIT: Record<string, 1 | 2 | 3 | 4> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
};

export function namedPeriod(texts: readonly string[]): NamedPeriod {
  let year: number | null = null;
  let quarter: NamedPeriod['quarter'] = null;
  for (const raw of texts) {
    const text = normaliseText(raw);
    const q = /(?:(\d{4})年?)?第?([一二三四1-4])季度/.exec(text) ?? /(\d{4})?[Qq]([1-4])/.exec(text);
    if (q && quarter === null) {
      quarter = QUARTER_DIGIT[q[2] ?? ''] ?? null;
      if (q[1]) year = Number(q[1]);
    }
    const y = /(\d{4})年/.exec(text);
    if (y && year === null) year = Number(y[1]);
  }
  return { year, quarter };
}

/**
 * The period a sheet is imported for: the one asked for (an annual ledger takes its year), else the
 * quarter the sheet names, else null — the caller asks the person rather than guess.
 */
export function resolvePeriod(ledger: LedgerSpec, asked: Period | null, named: NamedPeriod): Period | null {
  if (ledger.cadence === 'annual') {
    const year = asked?.year ?? named.year;
    return year === null ? null : { year, quarter: null };
  }
  if (asked) return asked;
  return named.year !== null && named.quarter !== null ? { year: named.year, quarter: named.quarter } : null;
}

/** When the period asked for is not the quarter the sheet names: the person is told which was used. */
export function periodDiffers(named: NamedPeriod, period: Period): { named: string; period: string } | null {
  if (named.quarter === null || period.quarter === null) return null;
  if (named.quarter === period.quarter && (named.year === null || named.year === period.year)) return null;
  return { named: `${named.year ?? period.year}Q${named.quarter}`, period: formatPeriod(period) };
}
