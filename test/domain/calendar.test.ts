import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appliesTo,
  type Deadline,
  deadlinesOfYear,
  dueDate,
  findObligation,
  OBLIGATION_IDS,
  OBLIGATIONS,
  type ObligationId,
  type ObligationSpec,
  type Owed,
  obligationOfForm,
  owedFor,
} from '../../src/domain/calendar.ts';
import { addDays, daysBetween, isValidDate, localDate } from '../../src/domain/clock.ts';
import {
  cadenceOf,
  formatPeriod,
  type Period,
  parsePeriod,
  periodEnd,
  periodsOfYear,
  previousQuarterInYear,
  samePeriodLastYear,
} from '../../src/domain/period.ts';
import { findCountyByName, type Roster, type RosterUnit } from '../../src/domain/roster.ts';
import { importCountySheet } from '../../src/domain/roster-csv.ts';

const ROSTER_TEXT = readFileSync(fileURLToPath(new URL('../../data/roster.csv', import.meta.url)), 'utf8');
const CSV_ROWS = parse(ROSTER_TEXT, { columns: true, skip_empty_lines: true, trim: true }) as Record<
  string,
  string
>[];

function loadRoster(): Roster {
  const result = importCountySheet({ units: [], relations: [], villages: [], contacts: [] }, ROSTER_TEXT);
  if (!result.ok) throw new Error(`roster import failed: ${JSON.stringify(result.problems)}`);
  return result.roster;
}

const roster = loadRoster();

function obligation(id: ObligationId): ObligationSpec {
  const found = findObligation(id);
  if (!found) throw new Error(`no obligation ${id}`);
  return found;
}

function county(name: string): RosterUnit {
  const found = findCountyByName(roster, name);
  if (!found) throw new Error(`no county ${name}`);
  return found;
}

const csvCounties = (pred: (row: Record<string, string>) => boolean = () => true): string[] =>
  CSV_ROWS.filter(pred)
    .map((r) => r.county ?? '')
    .sort();
const countyNames = (owed: readonly Owed[]): string[] => owed.map((o) => o.county.name).sort();
const summary = (deadlines: readonly Deadline[]): string[] =>
  deadlines.map((d) => `${d.obligation.id} ${formatPeriod(d.period)} ${d.due}`);
const Y2023: Period = { year: 2023, quarter: null };
const Q1_2023: Period = { year: 2023, quarter: 1 };

function expectedYear(y: number): string[] {
  return [
    `L1 ${y}Q1 ${y}-03-31`,
    `L2 ${y}Q1 ${y}-03-31`,
    `L3 ${y}Q1 ${y}-03-31`,
    `L4 ${y}Q1 ${y}-03-31`,
    `L5 ${y} ${y}-03-31`,
    `D1 ${y} ${y}-03-31`,
    `D2 ${y} ${y}-03-31`,
    `M1 ${y} ${y}-03-31`,
    `M2 ${y} ${y}-03-31`,
    `L1 ${y}Q2 ${y}-06-30`,
    `L2 ${y}Q2 ${y}-06-30`,
    `L3 ${y}Q2 ${y}-06-30`,
    `L4 ${y}Q2 ${y}-06-30`,
    `M3 ${y} ${y}-06-30`,
    `L1 ${y}Q3 ${y}-09-30`,
    `L2 ${y}Q3 ${y}-09-30`,
    `L3 ${y}Q3 ${y}-09-30`,
    `L4 ${y}Q3 ${y}-09-30`,
    `L1 ${y}Q4 ${y}-12-31`,
    `L2 ${y}Q4 ${y}-12-31`,
    `L3 ${y}Q4 ${y}-12-31`,
    `L4 ${y}Q4 ${y}-12-31`,
  ];
}

describe('the obligations (DESIGN §2)', () => {
  it('are exactly L1–L5, D1, D2, M1–M3, in that order', () => {
    expect(OBLIGATIONS.map((o) => o.id)).toEqual([...OBLIGATION_IDS]);
    expect([...OBLIGATION_IDS]).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'D1', 'D2', 'M1', 'M2', 'M3']);
  });

  it('name who owes each', () => {
    const debtors = Object.fromEntries(OBLIGATIONS.map((o) => [o.id, o.debtors]));
    expect(debtors).toEqual({
      L1: 'counties_hosting_central_units',
      L2: 'counties',
      L3: 'counties',
      L4: 'counties',
      L5: 'counties',
      D1: 'counties',
      D2: 'counties_hosting_central_units',
      M1: 'lead_units',
      M2: 'lead_units',
      M3: 'regional_pairs',
    });
  });

  it('are fulfilled by 附件1–5, documents and declarations m1–m3', () => {
    expect(OBLIGATIONS.map((o) => o.fulfilment)).toEqual([
      { kind: 'ledger', ledger: 'a1' },
      { kind: 'ledger', ledger: 'a2' },
      { kind: 'ledger', ledger: 'a3' },
      { kind: 'ledger', ledger: 'a4' },
      { kind: 'ledger', ledger: 'a5' },
      { kind: 'documents', documents: ['joint_meeting_plan', 'pledge_or_agreement', 'annual_plan'] },
      { kind: 'documents', documents: ['visit_report'] },
      { kind: 'declaration', form: 'm1' },
      { kind: 'declaration', form: 'm2' },
      { kind: 'declaration', form: 'm3' },
    ]);
  });

  it('are found by id (case and blanks ignored) and by form', () => {
    expect(findObligation(' l3 ')?.id).toBe('L3');
    expect(findObligation('L6')).toBeUndefined();
    expect(obligationOfForm('a1')?.id).toBe('L1');
    expect(obligationOfForm('a5')?.id).toBe('L5');
    expect(obligationOfForm('m3')?.id).toBe('M3');
    expect(obligationOfForm('a6')).toBeUndefined();
    expect(obligationOfForm('a7')).toBeUndefined();
  });
});

describe('deadlinesOfYear', () => {
  it('2023: L1–L4 at each quarter end; L5, D1, D2, M1, M2 on 03-31; M3 on 06-30; nothing else', () => {
    expect(summary(deadlinesOfYear(2023))).toEqual(expectedYear(2023));
  });

  it('2025: the same dates, periods labelled for 2025', () => {
    const deadlines = deadlinesOfYear(2025);
    expect(summary(deadlines)).toEqual(expectedYear(2025));
    const l1q3 = deadlines.find((d) => d.obligation.id === 'L1' && d.period.quarter === 3);
    expect(l1q3 && formatPeriod(l1q3.period)).toBe('2025Q3');
    const m3 = deadlines.find((d) => d.obligation.id === 'M3');
    expect(m3 && formatPeriod(m3.period)).toBe('2025');
  });

  it('a leap year (2024) keeps the due dates', () => {
    expect(summary(deadlinesOfYear(2024))).toEqual(expectedYear(2024));
  });

  it('is in date order, every due date valid and within its year, for any year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), (year) => {
        const deadlines = deadlinesOfYear(year);
        expect(deadlines).toHaveLength(22);
        const dues = deadlines.map((d) => d.due);
        expect([...dues].sort()).toEqual(dues);
        for (const d of deadlines) {
          expect(isValidDate(d.due)).toBe(true);
          expect(d.due.startsWith(`${year}-`)).toBe(true);
          expect(d.period.year).toBe(year);
          expect(d.due).toBe(dueDate(d.obligation, d.period));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('gives quarterly obligations quarters and annual ones none', () => {
    for (const d of deadlinesOfYear(2023)) {
      const quarterly = ['L1', 'L2', 'L3', 'L4'].includes(d.obligation.id);
      expect(d.obligation.cadence).toBe(quarterly ? 'quarterly' : 'annual');
      expect(d.period.quarter === null).toBe(!quarterly);
    }
  });
});

describe('owedFor on the real roster', () => {
  it('has the 37 counties of the CSV', () => {
    expect(CSV_ROWS).toHaveLength(37);
    expect(countyNames(owedFor(roster, obligation('L2'), Q1_2023))).toEqual(csvCounties());
  });

  it('L1 and D2: exactly the counties whose hosts_central_units is yes or unknown', () => {
    const hosting = csvCounties(
      (r) => r.hosts_central_units === 'yes' || r.hosts_central_units === 'unknown',
    );
    const notHosting = csvCounties((r) => r.hosts_central_units === 'no');
    expect(hosting).toHaveLength(28);
    expect(notHosting).toHaveLength(9);
    for (const [id, period] of [
      ['L1', Q1_2023],
      ['L1', { year: 2023, quarter: 4 }],
      ['D2', Y2023],
    ] as const) {
      const owed = owedFor(roster, obligation(id), period);
      expect(countyNames(owed), id).toEqual(hosting);
      for (const name of notHosting) expect(countyNames(owed), `${id} ${name}`).not.toContain(name);
      for (const o of owed) expect(o.debtors).toEqual([o.county]);
    }
  });

  it('L1 is owed by an unknown county (郧西县) but not by a no county (茅箭区)', () => {
    const owed = countyNames(owedFor(roster, obligation('L1'), Q1_2023));
    expect(owed).toContain('郧西县');
    expect(owed).not.toContain('茅箭区');
  });

  it('L2–L5 and D1: all 37 counties, each owing it itself', () => {
    for (const [id, period] of [
      ['L2', Q1_2023],
      ['L3', { year: 2023, quarter: 2 }],
      ['L4', { year: 2023, quarter: 3 }],
      ['L5', Y2023],
      ['D1', Y2023],
    ] as const) {
      const owed = owedFor(roster, obligation(id), period);
      expect(countyNames(owed), id).toEqual(csvCounties());
      for (const o of owed) {
        expect(o.obligation).toBe(id);
        expect(o.period).toBe(formatPeriod(period));
        expect(o.partner).toBeNull();
        expect(o.debtors).toEqual([o.county]);
      }
    }
  });

  it('stamps each item with the period label and due date', () => {
    const [first] = owedFor(roster, obligation('L3'), { year: 2023, quarter: 3 });
    expect(first?.period).toBe('2023Q3');
    expect(first?.due).toBe('2023-09-30');
    const [m1] = owedFor(roster, obligation('M1'), { year: 2025, quarter: null });
    expect(m1?.period).toBe('2025');
    expect(m1?.due).toBe('2025-03-31');
  });

  it('M1/M2: one item per county, owed by its lead unit; no lead unit → debtors []', () => {
    const withLead = new Map(CSV_ROWS.filter((r) => r.lead_unit).map((r) => [r.county, r.lead_unit]));
    expect(withLead.size).toBe(4);
    for (const id of ['M1', 'M2'] as const) {
      const owed = owedFor(roster, obligation(id), Y2023);
      expect(owed).toHaveLength(37);
      for (const o of owed) {
        const lead = withLead.get(o.county.name);
        expect(
          o.debtors.map((d) => d.name),
          `${id} ${o.county.name}`,
        ).toEqual(lead ? [lead] : []);
        for (const d of o.debtors) expect(d.kind).toBe('lead_unit');
      }
    }
    const zhushan = owedFor(roster, obligation('M1'), Y2023).find((o) => o.county.name === '竹山县');
    expect(zhushan?.debtors.map((d) => d.name)).toEqual(['省委宣传部']);
    const yunyang = owedFor(roster, obligation('M1'), Y2023).find((o) => o.county.name === '郧阳区');
    expect(yunyang?.debtors).toEqual([]);
  });

  it('M3: one item per (county, helper) pair, owed by both sides', () => {
    const pairs = CSV_ROWS.flatMap((r) =>
      (r.helpers ?? '')
        .split(';')
        .filter((h) => h !== '')
        .map((h) => `${r.county}|${h}`),
    ).sort();
    const owed = owedFor(roster, obligation('M3'), Y2023);
    expect(owed.map((o) => `${o.county.name}|${o.partner?.name}`).sort()).toEqual(pairs);
    expect(owed).toHaveLength(pairs.length);
    for (const o of owed) {
      expect(o.partner?.kind).toBe('helper');
      expect(o.debtors).toEqual([o.partner, o.county]);
      expect(o.due).toBe('2023-06-30');
    }
    const wufeng = owed.filter((o) => o.county.name === '五峰土家族自治县');
    expect(wufeng.map((o) => o.partner?.name).sort()).toEqual(['武汉市武昌区', '武汉市江夏区'].sort());
    // A county without a helper owes no M3 item at all.
    expect(owed.filter((o) => o.county.name === '丹江口市')).toEqual([]);
  });

  it('owes nothing on an empty roster', () => {
    const empty: Roster = { units: [], relations: [], villages: [], contacts: [] };
    for (const o of OBLIGATIONS) expect(owedFor(empty, o, { year: 2023, quarter: 1 })).toEqual([]);
  });
});

describe('appliesTo (R6)', () => {
  it('L1 and D2 apply to yes and unknown counties, not to no counties', () => {
    for (const id of ['L1', 'D2'] as const) {
      expect(appliesTo(obligation(id), county('郧阳区')), `${id} yes`).toBe(true);
      expect(appliesTo(obligation(id), county('郧西县')), `${id} unknown`).toBe(true);
      expect(appliesTo(obligation(id), county('茅箭区')), `${id} no`).toBe(false);
    }
  });

  it('every other obligation applies to every county, even a no county', () => {
    for (const o of OBLIGATIONS.filter((x) => x.id !== 'L1' && x.id !== 'D2')) {
      expect(appliesTo(o, county('茅箭区')), o.id).toBe(true);
      expect(appliesTo(o, county('郧阳区')), o.id).toBe(true);
    }
  });

  it('agrees with owedFor for L1 over the whole roster', () => {
    const owed = new Set(countyNames(owedFor(roster, obligation('L1'), Q1_2023)));
    for (const row of CSV_ROWS) {
      const name = row.county ?? '';
      expect(appliesTo(obligation('L1'), county(name)), name).toBe(owed.has(name));
    }
  });
});

describe('periods', () => {
  it('parses quarters and years', () => {
    expect(parsePeriod('2023Q1')).toEqual({ year: 2023, quarter: 1 });
    expect(parsePeriod('2023q4')).toEqual({ year: 2023, quarter: 4 });
    expect(parsePeriod('2023-Q2')).toEqual({ year: 2023, quarter: 2 });
    expect(parsePeriod(' 2023 Q3 ')).toEqual({ year: 2023, quarter: 3 });
    expect(parsePeriod('2023')).toEqual({ year: 2023, quarter: null });
  });

  it('refuses what is not a period', () => {
    for (const text of ['2023Q5', '2023Q0', '23Q1', 'abc', '', 'Q1', '2023Q', '2023Q12', '1999', '2101Q1']) {
      expect(parsePeriod(text), text).toBeNull();
    }
  });

  it('formats and parses back, for any year and quarter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2100 }),
        fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, null),
        (year, quarter) => {
          const period: Period = { year, quarter };
          const text = formatPeriod(period);
          expect(text).toBe(quarter ? `${year}Q${quarter}` : `${year}`);
          expect(parsePeriod(text)).toEqual(period);
        },
      ),
    );
  });

  it('ends a period on its last day', () => {
    expect(periodEnd({ year: 2023, quarter: 1 })).toBe('2023-03-31');
    expect(periodEnd({ year: 2023, quarter: 2 })).toBe('2023-06-30');
    expect(periodEnd({ year: 2023, quarter: 3 })).toBe('2023-09-30');
    expect(periodEnd({ year: 2023, quarter: 4 })).toBe('2023-12-31');
    expect(periodEnd({ year: 2024, quarter: null })).toBe('2024-12-31');
  });

  it('the day after a period end starts the next quarter or year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2100 }),
        fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
        (year, quarter) => {
          const end = periodEnd({ year, quarter });
          expect(isValidDate(end)).toBe(true);
          const next = addDays(end, 1);
          const month = quarter === 4 ? '01' : String(quarter * 3 + 1).padStart(2, '0');
          expect(next).toBe(`${quarter === 4 ? year + 1 : year}-${month}-01`);
        },
      ),
    );
  });

  it('steps back a quarter within the year only', () => {
    expect(previousQuarterInYear({ year: 2023, quarter: 1 })).toBeNull();
    expect(previousQuarterInYear({ year: 2023, quarter: 2 })).toEqual({ year: 2023, quarter: 1 });
    expect(previousQuarterInYear({ year: 2023, quarter: 4 })).toEqual({ year: 2023, quarter: 3 });
    expect(previousQuarterInYear({ year: 2023, quarter: null })).toBeNull();
  });

  it('lists, classifies and shifts periods', () => {
    expect(periodsOfYear(2023, 'quarterly').map(formatPeriod)).toEqual([
      '2023Q1',
      '2023Q2',
      '2023Q3',
      '2023Q4',
    ]);
    expect(periodsOfYear(2023, 'annual').map(formatPeriod)).toEqual(['2023']);
    expect(cadenceOf({ year: 2023, quarter: 2 })).toBe('quarterly');
    expect(cadenceOf({ year: 2023, quarter: null })).toBe('annual');
    expect(samePeriodLastYear({ year: 2023, quarter: 2 })).toEqual({ year: 2022, quarter: 2 });
  });
});

describe('clock (Asia/Shanghai, UTC+8)', () => {
  it('puts 16:30 UTC on 03-31 on the local 04-01, and 15:59:59 UTC still on 03-31', () => {
    expect(localDate(new Date('2023-03-31T16:30:00Z'))).toBe('2023-04-01');
    expect(localDate(new Date('2023-03-31T15:59:59Z'))).toBe('2023-03-31');
    expect(localDate(new Date('2023-03-31T16:00:00Z'))).toBe('2023-04-01');
    expect(localDate(new Date('2023-12-31T16:00:00Z'))).toBe('2024-01-01');
  });

  it('counts whole days between local dates', () => {
    expect(daysBetween('2023-03-24', '2023-03-31')).toBe(7);
    expect(daysBetween('2023-03-31', '2023-03-24')).toBe(-7);
    expect(daysBetween('2023-03-31', '2023-03-31')).toBe(0);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('addDays and daysBetween agree', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: -1000, max: 1000 }),
        (ms, days) => {
          const date = new Date(ms).toISOString().slice(0, 10);
          expect(daysBetween(date, addDays(date, days))).toBe(days);
        },
      ),
    );
  });

  it('validates calendar dates', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2023-02-29')).toBe(false);
    expect(isValidDate('2023-06-31')).toBe(false);
    expect(isValidDate('2023-6-30')).toBe(false);
  });
});
