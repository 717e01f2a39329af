import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  counties,
  findUnit,
  hostsCentralUnits,
  inScope,
  type Relation,
  type Roster,
  type RosterUnit,
  scopeOf,
  type UnitKind,
  unitId,
} from '../../src/domain/roster.ts';
import { importCountySheet } from '../../src/domain/roster-csv.ts';

const ROSTER_TEXT = readFileSync(fileURLToPath(new URL('../../data/roster.csv', import.meta.url)), 'utf8');
const CSV_ROWS = parse(ROSTER_TEXT, { columns: true, skip_empty_lines: true, trim: true }) as Record<
  string,
  string
>[];
const EMPTY: Roster = { units: [], relations: [], villages: [], contacts: [] };

function loadRoster(): Roster {
  const result = importCountySheet(EMPTY, ROSTER_TEXT);
  if (!result.ok) throw new Error(`roster import failed: ${JSON.stringify(result.problems)}`);
  return result.roster;
}

const roster = loadRoster();

function unit(r: Roster, kind: UnitKind, name: string): RosterUnit {
  const found = findUnit(r, unitId(kind, name));
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

function scopeNames(r: Roster, of: RosterUnit): string[] {
  const scope = scopeOf(r, of);
  return scope.countyIds.map((id) => findUnit(r, id)?.name ?? `?${id}`).sort();
}

const sorted = (names: string[]): string[] => [...names].sort();

function makeUnit(kind: UnitKind, name: string, extra: Partial<RosterUnit> = {}): RosterUnit {
  return {
    id: unitId(kind, name),
    kind,
    name,
    cityId: null,
    hostsCentralUnits: null,
    note: '',
    demo: false,
    ...extra,
  };
}

function relation(kind: Relation['kind'], from: RosterUnit, to: RosterUnit): Relation {
  return { kind, unitId: from.id, targetId: to.id, wholeCity: false };
}

describe('scopeOf on the real roster', () => {
  it('the bureau sees all 37 counties, flagged all', () => {
    const bureau = makeUnit('bureau', '省乡村振兴局');
    const scope = scopeOf(roster, bureau);
    expect(scope.all).toBe(true);
    expect(scope.countyIds).toHaveLength(37);
    expect(scopeNames(roster, bureau)).toEqual(sorted(CSV_ROWS.map((r) => r.county ?? '')));
  });

  it('a county sees only itself', () => {
    const yunyang = unit(roster, 'county', '郧阳区');
    const scope = scopeOf(roster, yunyang);
    expect(scope).toEqual({ all: false, countyIds: [yunyang.id] });
    expect(inScope(scope, yunyang.id)).toBe(true);
    expect(inScope(scope, unit(roster, 'county', '郧西县').id)).toBe(false);
  });

  it('a city sees exactly its counties (十堰市: 8)', () => {
    const shiyan = unit(roster, 'city', '十堰市');
    const expected = sorted(CSV_ROWS.filter((r) => r.city === '十堰市').map((r) => r.county ?? ''));
    expect(expected).toHaveLength(8);
    expect(scopeNames(roster, shiyan)).toEqual(expected);
    expect(scopeOf(roster, shiyan).all).toBe(false);
    expect(scopeNames(roster, unit(roster, 'city', '黄石市'))).toEqual(['阳新县']);
  });

  it('a lead unit sees exactly the county it leads (省委宣传部 → 竹山县)', () => {
    expect(scopeNames(roster, unit(roster, 'lead_unit', '省委宣传部'))).toEqual(['竹山县']);
  });

  it('a central unit sees exactly the counties it assists (国家电网: 4)', () => {
    expect(scopeNames(roster, unit(roster, 'central_unit', '国家电网'))).toEqual(
      sorted(['秭归县', '长阳土家族自治县', '巴东县', '神农架林区']),
    );
  });

  it('a helper sees exactly the county it helps (荆州市 → 郧阳区)', () => {
    expect(scopeNames(roster, unit(roster, 'helper', '荆州市'))).toEqual(['郧阳区']);
    expect(scopeNames(roster, unit(roster, 'helper', '武汉市武昌区'))).toEqual(['五峰土家族自治县']);
  });

  it('a unit with no relations sees nothing', () => {
    const stranger = makeUnit('provincial_unit', '省某厅');
    expect(scopeOf({ ...roster, units: [...roster.units, stranger] }, stranger)).toEqual({
      all: false,
      countyIds: [],
    });
    expect(scopeOf(roster, makeUnit('helper', '不存在的市'))).toEqual({ all: false, countyIds: [] });
    expect(scopeOf(roster, makeUnit('city', '武汉市'))).toEqual({ all: false, countyIds: [] });
  });
});

describe('scopeOf for social organisations and their supervisors (hand-made roster)', () => {
  const a = makeUnit('county', '甲县', { cityId: 'city:甲市', hostsCentralUnits: 'yes' });
  const b = makeUnit('county', '乙县', { cityId: 'city:甲市', hostsCentralUnits: 'no' });
  const c = makeUnit('county', '丙县', { cityId: 'city:丙市', hostsCentralUnits: 'unknown' });
  const org = makeUnit('social_org', '某基金会');
  const otherOrg = makeUnit('social_org', '某协会');
  const supervisor = makeUnit('supervisor', '省民政厅');
  const provincial = makeUnit('provincial_unit', '省某厅');
  const small: Roster = {
    units: [a, b, c, org, otherOrg, supervisor, provincial],
    relations: [
      relation('pairs', org, a),
      relation('pairs', org, b),
      relation('pairs', otherOrg, c),
      relation('supervises', supervisor, org),
      relation('provincial_assists', provincial, c),
    ],
    villages: [],
    contacts: [],
  };

  it('a social org sees the counties it pairs with', () => {
    expect(scopeNames(small, org)).toEqual(sorted(['甲县', '乙县']));
    expect(scopeNames(small, otherOrg)).toEqual(['丙县']);
  });

  it('a supervisor sees the counties of the orgs it supervises, and only those', () => {
    expect(scopeNames(small, supervisor)).toEqual(sorted(['甲县', '乙县']));
    expect(scopeOf(small, supervisor).countyIds).not.toContain(c.id);
  });

  it('a supervisor of nothing sees nothing', () => {
    expect(scopeOf(small, makeUnit('supervisor', '省某局'))).toEqual({ all: false, countyIds: [] });
  });

  it('a provincial unit sees the county it assists', () => {
    expect(scopeNames(small, provincial)).toEqual(['丙县']);
  });

  it('never yields an id that is not a county', () => {
    for (const u of small.units) {
      for (const id of scopeOf(small, u).countyIds) expect(findUnit(small, id)?.kind).toBe('county');
    }
  });

  it('a city sees the counties whose cityId is its id', () => {
    const city = makeUnit('city', '甲市');
    expect(scopeNames({ ...small, units: [...small.units, city] }, city)).toEqual(sorted(['甲县', '乙县']));
  });
});

describe('roster facts after import', () => {
  it('only 荆州市, 鄂州市 and 随州市 help as whole cities', () => {
    const helps = roster.relations.filter((r) => r.kind === 'helps');
    expect(helps.length).toBeGreaterThan(3);
    const wholeCity = helps
      .filter((r) => r.wholeCity)
      .map((r) => `${findUnit(roster, r.unitId)?.name}→${findUnit(roster, r.targetId)?.name}`)
      .sort();
    expect(wholeCity).toEqual(sorted(['荆州市→郧阳区', '鄂州市→郧西县', '随州市→神农架林区']));
    for (const r of roster.relations.filter((x) => x.kind !== 'helps')) expect(r.wholeCity).toBe(false);
  });

  it('lists counties by city, then by name, in pinyin order (province-administered first)', () => {
    const order = counties(roster).map((c) => c.name);
    expect(order).toHaveLength(37);
    expect(order.slice(0, 4)).toEqual(['神农架林区', '巴东县', '恩施市', '鹤峰县']);
    const cityOf = (name: string) => CSV_ROWS.find((r) => r.county === name)?.city ?? '';
    // Each city's counties are contiguous, the cities in pinyin order.
    const runs = order.map(cityOf).filter((city, i, all) => i === 0 || all[i - 1] !== city);
    expect(runs).toEqual([
      '省直辖',
      '恩施州',
      '黄冈市',
      '黄石市',
      '十堰市',
      '咸宁市',
      '襄阳市',
      '孝感市',
      '宜昌市',
    ]);
    const shiyan = order.filter((n) => cityOf(n) === '十堰市');
    expect(shiyan).toEqual(['丹江口市', '房县', '茅箭区', '郧西县', '郧阳区', '张湾区', '竹山县', '竹溪县']);
  });

  it('treats unknown as hosting central units, no as not', () => {
    expect(hostsCentralUnits(unit(roster, 'county', '郧阳区'))).toBe(true);
    expect(hostsCentralUnits(unit(roster, 'county', '郧西县'))).toBe(true);
    expect(hostsCentralUnits(unit(roster, 'county', '茅箭区'))).toBe(false);
    expect(counties(roster).filter(hostsCentralUnits)).toHaveLength(28);
  });
});
