import { describe, expect, it } from 'vitest';
import { ledgerById } from '../../src/domain/ledgers/index.ts';
import type { LedgerId, RowValues } from '../../src/domain/ledgers/types.ts';
import { findCountyByName, type Roster } from '../../src/domain/roster.ts';
import { importCountySheet } from '../../src/domain/roster-csv.ts';
import { checkRules, type Finding, type RuleInput } from '../../src/domain/rules.ts';
import { describeFinding } from '../../src/wording.ts';
import { ROSTER_CSV } from '../support/demo-store.ts';

function rosterWith(extraVillages: string[] = []): Roster {
  const result = importCountySheet({ units: [], relations: [], villages: [], contacts: [] }, ROSTER_CSV);
  if (!result.ok) throw new Error('roster');
  const county = findCountyByName(result.roster, '郧阳区');
  return {
    ...result.roster,
    villages: extraVillages.map((village) => ({ countyId: county?.id ?? '', village, unitId: '' })),
  };
}

const roster = rosterWith(['青龙泉村']);

function run(
  ledger: LedgerId,
  countyName: string,
  rows: RowValues[],
  extra: Partial<RuleInput> = {},
): Finding[] {
  const county = findCountyByName(roster, countyName);
  if (!county) throw new Error(countyName);
  return checkRules({
    ledger: ledgerById(ledger),
    roster,
    county,
    period: '2023Q2',
    rows,
    previousQuarter: null,
    lastYear: null,
    ...extra,
  });
}

const rules = (findings: Finding[]) => findings.map((f) => `${f.rule}:${f.severity}:${f.code}`);

function pairings(helper: string, towns: number, village = '某村'): RowValues[] {
  return Array.from({ length: towns }, (_, i) => ({
    helper,
    helperUnit: `第${i + 1}镇`,
    county: 'x',
    countyUnit: `${village}${i}`,
  }));
}

describe('R1 pairing size (notice 四)', () => {
  it('warns when a helper county pairs fewer than 5 streets/towns, and not at 5', () => {
    expect(rules(run('a5', '南漳县', pairings('宜城市', 4)))).toEqual(['R1:warning:pairing_too_few']);
    expect(run('a5', '南漳县', pairings('宜城市', 5))).toEqual([]);
  });

  it('asks 8 of the whole-city helpers 荆州市、鄂州市、随州市', () => {
    expect(rules(run('a5', '郧阳区', pairings('荆州市', 7)))).toEqual(['R1:warning:pairing_too_few']);
    expect(run('a5', '郧阳区', pairings('荆州市', 8))).toEqual([]);
  });

  it('takes the whole-city threshold from the roster, not from the three names', () => {
    const sheet =
      'county,city,hosts_central_units,helpers,whole_city_helpers\n南漳县,襄阳市,no,宜城市,宜城市\n郧阳区,十堰市,yes,荆州市,\n';
    const changed = importCountySheet(roster, sheet);
    if (!changed.ok) throw new Error('roster');
    const findingsIn = (countyName: string, helper: string, towns: number) => {
      const county = findCountyByName(changed.roster, countyName);
      if (!county) throw new Error(countyName);
      return checkRules({
        ledger: ledgerById('a5'),
        roster: changed.roster,
        county,
        period: '2023',
        rows: pairings(helper, towns),
        previousQuarter: null,
        lastYear: null,
      });
    };
    expect(findingsIn('南漳县', '宜城市', 7)[0]?.params).toMatchObject({ count: 7, minimum: 8 });
    expect(findingsIn('南漳县', '宜城市', 8)).toEqual([]);
    expect(findingsIn('郧阳区', '荆州市', 5)).toEqual([]);
  });

  it('counts only streets and towns, not schools or hospitals, and each once', () => {
    const rows = [
      ...pairings('宜城市', 4),
      { helper: '宜城市', helperUnit: '宜城市第一中学', county: 'x', countyUnit: '某校' },
      { helper: '宜城市', helperUnit: '第1镇', county: 'x', countyUnit: '另一村' },
    ];
    const [finding] = run('a5', '南漳县', rows);
    expect(finding?.params).toMatchObject({ helper: '宜城市', count: 4, minimum: 5 });
  });

  it('counts 街道办事处 and the other township-level names as towns, each town once', () => {
    const offices = (names: string[]): RowValues[] =>
      names.map((helperUnit, i) => ({ helper: '枣阳市', helperUnit, county: 'x', countyUnit: `某村${i}` }));
    const five = [1, 2, 3, 4, 5].map((n) => `枣阳${n}街道办事处`);
    expect(run('a5', '房县', offices(five))).toEqual([]);
    const varied = ['吴店镇人民政府', '兴隆镇', '七方镇政府', '琚湾镇', '南城街道办', '某苏木', '某民族乡'];
    expect(run('a5', '房县', offices(varied))).toEqual([]);
    const sameTown = ['枣阳1街道办事处', '枣阳1街道', '枣阳１街道', '枣 阳2街道', '枣阳2街道办事处'];
    const [finding] = run('a5', '房县', offices([...sameTown, '枣阳市第一中学', '枣阳市人民医院']));
    expect(finding?.params).toMatchObject({ helper: '枣阳市', count: 2, minimum: 5 });
  });

  it('checks the 结对街道(乡镇) count of 附件3 per helper row', () => {
    const a3 = (pairedTowns: number) => [{ helper: '鄂州市', pairedTowns, aidActual: 0, aidToVillages: 0 }];
    const [finding] = run('a3', '郧西县', a3(6));
    expect(finding).toMatchObject({ rule: 'R1', row: 1, label: '结对街道(乡镇)', params: { minimum: 8 } });
    expect(run('a3', '郧西县', a3(8))).toEqual([]);
  });
});

describe('R2 stationed villages are not pairing villages (notice 四)', () => {
  it('warns on a village where a provincial unit is stationed, however it is written', () => {
    const rows = [
      ...pairings('荆州市', 8),
      { helper: '荆州市', helperUnit: '第1镇', county: 'x', countyUnit: '青龙泉村委会' },
    ];
    const findings = run('a5', '郧阳区', rows);
    expect(rules(findings)).toEqual(['R2:warning:stationed_village']);
    expect(findings[0]?.row).toBe(9);
  });

  it('passes other villages', () => {
    expect(run('a5', '郧阳区', pairings('荆州市', 8, '白桑关'))).toEqual([]);
  });

  it('knows the village with its committee, a town before it, blanks and full-width letters', () => {
    const cherry = rosterWith(['樱桃沟村', '花园村', 'Ａ村']);
    const county = findCountyByName(cherry, '郧阳区');
    if (!county) throw new Error('county');
    const villagesWarned = (villages: string[]) =>
      checkRules({
        ledger: ledgerById('a5'),
        roster: cherry,
        county,
        period: '2023',
        rows: villages.map((countyUnit, i) => ({ helper: '荆州市', helperUnit: `第${i + 1}镇`, countyUnit })),
        previousQuarter: null,
        lastYear: null,
      })
        .filter((f) => f.rule === 'R2')
        .map((f) => f.params.village);
    const same = [
      '樱桃沟村村民委员会',
      '茶店镇樱桃沟村',
      '樱桃沟村委会',
      ' 樱桃沟 村 ',
      '郧阳区茶店镇樱桃沟村',
      'A村',
    ];
    const others = ['桃花园村', '樱桃沟二村', '大樱桃沟村', '花园村小学'];
    expect(villagesWarned([...same, ...others])).toEqual(same);
  });
});

describe('R3 growth on last year (notice 二; 附件7 六)', () => {
  const row = (aidPlanned: number, investment: number): RowValues => ({
    helper: '宜城市',
    aidPlanned,
    aidActual: 0,
    aidToVillages: 0,
    investment,
    pairedTowns: 5,
  });
  const lastYear = { period: '2022Q2', rows: [row(1_000_000, 500_000)] };

  it('warns when fiscal aid or investment does not grow on the same period last year', () => {
    const findings = run('a3', '南漳县', [row(1_000_000, 400_000)], { lastYear });
    expect(findings.map((f) => [f.rule, f.field])).toEqual([
      ['R3', 'aidPlanned'],
      ['R3', 'investment'],
    ]);
    expect(findings[0]?.params).toMatchObject({
      now: '100.00万元',
      before: '100.00万元',
      lastPeriod: '2022Q2',
    });
  });

  it('quotes for each figure what asks it to grow: the notice for fiscal aid, the agreement for the rest', () => {
    const indicators = {
      aidPlanned: 1,
      enterprises: 3,
      investment: 500_000,
      investmentJobs: 20,
      socialFunds: 10,
    };
    const lastYearRows = { period: '2022Q2', rows: [{ helper: '宜城市', ...indicators }] };
    const findings = run('a3', '南漳县', [{ helper: '宜城市', pairedTowns: 5, ...indicators }], {
      lastYear: lastYearRows,
    });
    const said = Object.fromEntries(findings.map((f) => [f.field, describeFinding(f)]));
    expect(Object.keys(said).sort()).toEqual(Object.keys(indicators).sort());
    expect(said.aidPlanned).toContain('财政援助资金，要较上一年度有所增长');
    for (const [field, label] of [
      ['enterprises', '引导投资企业'],
      ['investment', '实际投资额'],
      ['investmentJobs', '吸纳脱贫人口就业'],
      ['socialFunds', '社会帮扶资金'],
    ] as const) {
      expect(said[field]).toContain(`要求${label}逐年增长`);
      expect(said[field]).not.toContain('财政援助资金');
    }
  });

  it('passes growth, and has nothing to compare with when last year was not reported', () => {
    expect(run('a3', '南漳县', [row(1_200_000, 600_000)], { lastYear })).toEqual([]);
    expect(run('a3', '南漳县', [row(0, 0)])).toEqual([]);
  });

  it('checks 附件7 fiscal aid against last year’s agreement', () => {
    const county = findCountyByName(roster, '南漳县');
    if (!county) throw new Error('county');
    const input = (aid: number): RuleInput => ({
      ledger: ledgerById('a7'),
      roster,
      county,
      period: '2023',
      rows: [{ helper: '宜城市', aid }],
      previousQuarter: null,
      lastYear: { period: '2022', rows: [{ helper: '宜城市', aid: 3_000_000 }] },
    });
    expect(rules(checkRules(input(2_000_000)))).toEqual(['R3:warning:not_growing']);
    expect(checkRules(input(3_500_000))).toEqual([]);
  });
});

describe('R4 year to date never falls', () => {
  const a2 = (fundsActual: number, unit = '省委宣传部'): RowValues => ({
    provincialUnit: unit,
    fundsActual,
    fundsPlanned: 9_000_000,
    trainingActual: 0,
  });

  it('refuses a cumulative figure below last quarter’s, but not a plan figure', () => {
    const previousQuarter = { period: '2023Q1', rows: [{ ...a2(500_000), fundsPlanned: 10_000_000 }] };
    const findings = run('a2', '竹山县', [a2(400_000)], { previousQuarter });
    expect(findings.map((f) => [f.rule, f.severity, f.field])).toEqual([['R4', 'error', 'fundsActual']]);
    expect(run('a2', '竹山县', [a2(500_000)], { previousQuarter })).toEqual([]);
  });

  it('warns when a row reported last quarter is missing now', () => {
    const previousQuarter = { period: '2023Q1', rows: [a2(1, '省委宣传部'), a2(1, '省民政厅')] };
    const findings = run('a2', '竹山县', [a2(1)], { previousQuarter });
    expect(findings.map((f) => `${f.rule}:${f.severity}:${f.code}:${f.params.row}`)).toEqual([
      'R4:warning:row_dropped:省民政厅',
    ]);
  });
});

describe('R5 breakdowns add up', () => {
  const training = (total: number, parts: number[]): RowValues => {
    const [trainTech = 0, trainLeaders = 0, trainFarming = 0, trainJobs = 0, trainOther = 0] = parts;
    return {
      provincialUnit: 'x',
      trainingActual: total,
      trainTech,
      trainLeaders,
      trainFarming,
      trainJobs,
      trainOther,
    };
  };

  it('refuses 附件2 training kinds that do not add up to 实际开展各类培训', () => {
    expect(rules(run('a2', '竹山县', [training(10, [1, 2, 3, 4, 1])]))).toEqual(['R5:error:sum_mismatch']);
    expect(run('a2', '竹山县', [training(11, [1, 2, 3, 4, 1])])).toEqual([]);
  });

  it('refuses 附件3 aid to pairing villages above the aid received', () => {
    const row = (aidActual: number, aidToVillages: number): RowValues => ({
      helper: '宜城市',
      aidActual,
      aidToVillages,
      pairedTowns: 5,
    });
    expect(rules(run('a3', '南漳县', [row(100, 101)]))).toEqual(['R5:error:part_exceeds_whole']);
    expect(run('a3', '南漳县', [row(100, 100)])).toEqual([]);
  });
});

describe('R6 附件1 only for counties hosting central units', () => {
  it('refuses 附件1 from a county that hosts none, accepts it from one that does or is unconfirmed', () => {
    expect(rules(run('a1', '南漳县', []))).toEqual(['R6:error:no_central_units']);
    expect(run('a1', '郧阳区', [])).toEqual([]);
    expect(run('a1', '郧西县', [])).toEqual([]);
  });
});
