// Periods are "2023Q1".."2023Q4" for quarterly figures and "2023" for annual ones.

export type Cadence = 'quarterly' | 'annual';

export interface Period {
  year: number;
  quarter: 1 | 2 | 3 | 4 | null;
}

const PERIOD = /^(\d{4})(?:[-\s]?[Qq]([1-4]))?$/;

export function parsePeriod(text: string): Period | null {
  const match = PERIOD.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return null;
  return { year, quarter: match[2] ? (Number(match[2]) as 1 | 2 | 3 | 4) : null };
}

export function formatPeriod(p: Period): string {
  return p.quarter ? `${p.year}Q${p.quarter}` : String(p.year);
}

export function cadenceOf(p: Period): Cadence {
  return p.quarter ? 'quarterly' : 'annual';
}

/** The last day of the period, as a local (Asia/Shanghai) calendar date "YYYY-MM-DD". */
export function periodEnd(p: Period): string {
  const month = p.quarter ? p.quarter * 3 : 12;
  const day = month === 3 || month === 12 ? 31 : 30;
  return `${p.year}-${String(month).padStart(2, '0')}-${day}`;
}

/** The quarter before, within the same year (figures are year-to-date; Q1 has none). */
export function previousQuarterInYear(p: Period): Period | null {
  if (!p.quarter || p.quarter === 1) return null;
  return { year: p.year, quarter: (p.quarter - 1) as 1 | 2 | 3 };
}

export function samePeriodLastYear(p: Period): Period {
  return { year: p.year - 1, quarter: p.quarter };
}

export function periodsOfYear(year: number, cadence: Cadence): Period[] {
  return cadence === 'annual'
    ? [{ year, quarter: null }]
    : ([1, 2, 3, 4] as const).map((q) => ({ year, quarter: q }));
}
