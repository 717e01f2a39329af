import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/domain/problem.ts';
import {
  contactsOf,
  counties,
  findCountyByName,
  findUnit,
  type Relation,
  type Roster,
  type RosterUnit,
  relatedUnits,
  unitId,
} from '../../src/domain/roster.ts';
import {
  type CsvResult,
  exportContactSheet,
  exportCountySheet,
  importContactSheet,
  importCountySheet,
  rosterSheetKind,
} from '../../src/domain/roster-csv.ts';

const read = (path: string): string => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const ROSTER_TEXT = read('../../data/roster.csv');
const CONTACTS_TEXT = read('../../data/demo-contacts.csv');
const CSV_ROWS = parse(ROSTER_TEXT, { columns: true, skip_empty_lines: true, trim: true }) as Record<
  string,
  string
>[];
const EMPTY: Roster = { units: [], relations: [], villages: [], contacts: [] };
const COUNTY_HEADER = 'county,city,hosts_central_units,central_unit,lead_unit,helpers,source_note';
const CONTACT_HEADER = 'unit_kind,unit,name,mobile,platform,platform_user_id,demo';

function ok(result: CsvResult): Roster {
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.problems)}`);
  return result.roster;
}

function problemsOf(result: CsvResult): Problem[] {
  if (result.ok) throw new Error('import should have been refused');
  return result.problems;
}

/** Problems reduced to what locates them: code, line and column. */
const where = (problems: readonly Problem[]) =>
  problems.map((p) => ({ code: p.code, row: p.row, field: p.field }));

const roster = ok(importCountySheet(EMPTY, ROSTER_TEXT));
const withContacts = ok(importContactSheet(roster, CONTACTS_TEXT));

function county(r: Roster, name: string): RosterUnit {
  const found = findCountyByName(r, name);
  if (!found) throw new Error(`no county ${name}`);
  return found;
}

const names = (units: readonly RosterUnit[]): string[] => units.map((u) => u.name).sort();
const unitKey = (u: RosterUnit) =>
  JSON.stringify([u.id, u.kind, u.name, u.cityId, u.hostsCentralUnits, u.note]);
const relationKey = (r: Relation) => `${r.kind}|${r.unitId}|${r.targetId}|${r.wholeCity}`;
const sortedUnits = (r: Roster) => r.units.map(unitKey).sort();
const sortedRelations = (r: Roster) => r.relations.map(relationKey).sort();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Imports into a frozen copy of `base` and checks the copy is unchanged afterwards. */
function importUnchanged(
  base: Roster,
  text: string,
  importer: (r: Roster, t: string) => CsvResult,
): CsvResult {
  const before = structuredClone(base);
  const frozen = deepFreeze(structuredClone(base));
  const result = importer(frozen, text);
  expect(frozen).toEqual(before);
  return result;
}

describe('importCountySheet: the real roster', () => {
  it('yields the 37 counties of the file', () => {
    expect(names(counties(roster))).toEqual(CSV_ROWS.map((r) => r.county ?? '').sort());
    expect(counties(roster)).toHaveLength(37);
    expect(roster.units.filter((u) => u.kind === 'county')).toHaveLength(37);
  });

  it('links each county to its city; 神农架林区 (省直辖) has none', () => {
    for (const row of CSV_ROWS) {
      const c = county(roster, row.county ?? '');
      if (row.city === '省直辖') expect(c.cityId, c.name).toBeNull();
      else expect(c.cityId && findUnit(roster, c.cityId)?.name, c.name).toBe(row.city);
    }
    expect(county(roster, '神农架林区').cityId).toBeNull();
    expect(names(roster.units.filter((u) => u.kind === 'city'))).toEqual(
      [...new Set(CSV_ROWS.map((r) => r.city ?? '').filter((c) => c !== '省直辖'))].sort(),
    );
    expect(findUnit(roster, unitId('city', '省直辖'))).toBeUndefined();
  });

  it('keeps hosts_central_units and the source note', () => {
    for (const row of CSV_ROWS) {
      const c = county(roster, row.county ?? '');
      expect(c.hostsCentralUnits, c.name).toBe(row.hosts_central_units);
      expect(c.note, c.name).toBe(row.source_note);
      expect(c.demo).toBe(false);
    }
  });

  it('creates one relation per named unit, splitting multi-helper cells on ";"', () => {
    for (const row of CSV_ROWS) {
      const id = county(roster, row.county ?? '').id;
      const split = (cell = '') =>
        cell
          .split(';')
          .filter((s) => s !== '')
          .sort();
      expect(names(relatedUnits(roster, 'helps', id)), row.county).toEqual(split(row.helpers));
      expect(names(relatedUnits(roster, 'leads', id)), row.county).toEqual(split(row.lead_unit));
      expect(names(relatedUnits(roster, 'central_assists', id)), row.county).toEqual(split(row.central_unit));
    }
    const wufeng = county(roster, '五峰土家族自治县');
    expect(names(relatedUnits(roster, 'helps', wufeng.id))).toEqual(['武汉市武昌区', '武汉市江夏区'].sort());
    expect(findUnit(roster, unitId('helper', '武汉市武昌区;武汉市江夏区'))).toBeUndefined();
  });

  it('shares one unit between counties (国家电网 assists four)', () => {
    expect(roster.units.filter((u) => u.name === '国家电网')).toHaveLength(1);
    expect(roster.relations.filter((r) => r.unitId === unitId('central_unit', '国家电网'))).toHaveLength(4);
  });

  it('also splits on full-width "；" and "、"', () => {
    const text = `${COUNTY_HEADER}\n甲县,甲市,yes,国家电网,,乙区；丙区、丁区,\n`;
    const r = ok(importCountySheet(EMPTY, text));
    expect(names(relatedUnits(r, 'helps', unitId('county', '甲县')))).toEqual(
      ['丁区', '丙区', '乙区'].sort(),
    );
  });

  it('ignores a BOM and blank trailing lines', () => {
    const r = ok(importCountySheet(EMPTY, `\uFEFF${ROSTER_TEXT}\n\n`));
    expect(sortedUnits(r)).toEqual(sortedUnits(roster));
  });

  it('is recognised as a county sheet; the contacts as a contact sheet', () => {
    expect(rosterSheetKind(ROSTER_TEXT)).toBe('counties');
    expect(rosterSheetKind(CONTACTS_TEXT)).toBe('contacts');
    expect(rosterSheetKind('a,b\n1,2\n')).toBeNull();
  });
});

describe('export → import round trip', () => {
  it('gives the same units and relations for the real roster', () => {
    const again = ok(importCountySheet(EMPTY, exportCountySheet(roster)));
    expect(sortedUnits(again)).toEqual(sortedUnits(roster));
    expect(sortedRelations(again)).toEqual(sortedRelations(roster));
    expect(exportCountySheet(again)).toBe(exportCountySheet(roster));
  });

  it('keeps provincial units, social orgs with supervisors and stationed villages', () => {
    const text = [
      'county,city,hosts_central_units,central_unit,lead_unit,helpers,provincial_units,social_orgs,stationed_villages,source_note',
      '甲县,甲市,yes,国家电网,省某厅,乙区;丙区,省某局,某基金会|省民政厅;某协会,青龙村;白马村,note',
      '乙县,省直辖,no,,,,,某基金会|省民政厅,,',
    ].join('\n');
    const first = ok(importCountySheet(EMPTY, text));
    expect(first.villages.map((v) => v.village).sort()).toEqual(['白马村', '青龙村']);
    expect(names(relatedUnits(first, 'pairs', unitId('county', '甲县')))).toEqual(
      ['某协会', '某基金会'].sort(),
    );
    expect(names(relatedUnits(first, 'supervises', unitId('social_org', '某基金会')))).toEqual(['省民政厅']);
    const again = ok(importCountySheet(EMPTY, exportCountySheet(first)));
    expect(sortedUnits(again)).toEqual(sortedUnits(first));
    expect(sortedRelations(again)).toEqual(sortedRelations(first));
    expect(again.villages).toEqual(first.villages);
  });

  it('gives the same contacts for the demo contact sheet', () => {
    const again = ok(importContactSheet(roster, exportContactSheet(withContacts)));
    const key = (r: Roster) => r.contacts.map((c) => JSON.stringify(c)).sort();
    expect(key(again)).toEqual(key(withContacts));
  });

  it('re-importing the same sheet changes nothing', () => {
    const again = ok(importCountySheet(withContacts, ROSTER_TEXT));
    expect(sortedUnits(again)).toEqual(sortedUnits(withContacts));
    expect(sortedRelations(again)).toEqual(sortedRelations(withContacts));
    expect(again.contacts).toEqual(withContacts.contacts);
  });

  it('a partial sheet replaces the facts of its counties only and keeps contacts', () => {
    const text = `${COUNTY_HEADER}\n郧阳区,十堰市,yes,水利部,省某厅,鄂州市,changed\n`;
    const r = ok(importCountySheet(withContacts, text));
    const yunyang = county(r, '郧阳区');
    expect(yunyang.note).toBe('changed');
    expect(names(relatedUnits(r, 'helps', yunyang.id))).toEqual(['鄂州市']);
    expect(names(relatedUnits(r, 'leads', yunyang.id))).toEqual(['省某厅']);
    expect(names(relatedUnits(r, 'helps', county(r, '郧西县').id))).toEqual(['鄂州市']);
    expect(counties(r)).toHaveLength(37);
    expect(r.contacts).toEqual(withContacts.contacts);
  });
});

describe('whole_city_helpers: the helpers that pair ≥ 8 streets/towns (notice 四)', () => {
  const HEADER = 'county,city,hosts_central_units,helpers,whole_city_helpers';
  const wholeCity = (r: Roster) =>
    r.relations
      .filter((x) => x.kind === 'helps' && x.wholeCity)
      .map((x) => `${findUnit(r, x.unitId)?.name}→${findUnit(r, x.targetId)?.name}`)
      .sort();

  it('is a roster fact: any helper may be one, and 荆州市 is one only where the sheet says so', () => {
    const text = `${HEADER}\n甲县,甲市,no,宜城市;荆州市,宜城市\n乙县,甲市,no,荆州市,\n丙县,甲市,no,荆州市,荆州市\n`;
    expect(wholeCity(ok(importCountySheet(EMPTY, text)))).toEqual(['荆州市→丙县', '宜城市→甲县'].sort());
    expect(rosterSheetKind('重点帮扶县,所在市州,帮扶市县,整体帮扶市\n')).toBe('counties');
    const chinese = ok(
      importCountySheet(EMPTY, '重点帮扶县,所在市州,帮扶市县,整体帮扶市\n甲县,甲市,乙市,乙市\n'),
    );
    expect(wholeCity(chinese)).toEqual(['乙市→甲县']);
  });

  it('ships set for 荆州市, 鄂州市 and 随州市, and survives export → import', () => {
    expect(wholeCity(roster)).toEqual(['荆州市→郧阳区', '鄂州市→郧西县', '随州市→神农架林区'].sort());
    const exported = exportCountySheet(roster);
    expect(exported.split('\n')[0]).toContain(',helpers,whole_city_helpers,');
    expect(wholeCity(ok(importCountySheet(EMPTY, exported)))).toEqual(wholeCity(roster));
  });

  it('a sheet without the column (an older export) keeps what the roster said of each pair', () => {
    const old = `${COUNTY_HEADER}\n郧阳区,十堰市,yes,水利部,,荆州市,\n郧西县,十堰市,unknown,,,宜城市,\n`;
    const r = ok(importCountySheet(roster, old));
    expect(wholeCity(r)).toEqual(['荆州市→郧阳区', '随州市→神农架林区'].sort());
    expect(wholeCity(ok(importCountySheet(EMPTY, old)))).toEqual([]);
  });

  it('refuses a whole-city helper that is not among the county’s helpers, naming line and column', () => {
    const text = `${HEADER}\n甲县,甲市,no,宜城市,宜城市\n乙县,甲市,no,宜城市,荆州市\n`;
    const problems = problemsOf(importUnchanged(roster, text, importCountySheet));
    expect(where(problems)).toEqual([{ code: 'csv_not_a_helper', row: 3, field: 'whole_city_helpers' }]);
    expect(problems[0]?.params).toEqual({ got: '荆州市' });
  });
});

describe('importContactSheet: the demo contacts', () => {
  it('gives every unit a contact, all of them demo', () => {
    for (const u of withContacts.units)
      expect(contactsOf(withContacts, u.id).length, u.id).toBeGreaterThan(0);
    expect(withContacts.contacts.length).toBeGreaterThan(0);
    expect(withContacts.contacts.every((c) => c.demo)).toBe(true);
    const dataRows = CONTACTS_TEXT.split('\n').filter((l) => l.trim() !== '').length - 1;
    expect(withContacts.contacts).toHaveLength(dataRows);
  });

  it('creates the bureau unit, which no county sheet names', () => {
    expect(findUnit(roster, unitId('bureau', '省乡村振兴局'))).toBeUndefined();
    expect(findUnit(withContacts, unitId('bureau', '省乡村振兴局'))?.kind).toBe('bureau');
  });

  it('keys a contact by its mobile and keeps its platform id', () => {
    const c = withContacts.contacts.find((x) => x.mobile === '17000000002');
    expect(c).toMatchObject({
      id: '17000000002',
      unitId: unitId('county', '郧阳区'),
      platform: 'console',
      platformUserId: 'demo-002',
      demo: true,
    });
  });

  it('keeps the county facts untouched', () => {
    expect(sortedRelations(withContacts)).toEqual(sortedRelations(roster));
    expect(counties(withContacts)).toEqual(counties(roster));
  });
});

describe('row problems: line (header = 1) and column, all-or-nothing', () => {
  const [, firstRow = '', secondRow = ''] = ROSTER_TEXT.split('\n');

  it('a missing county name', () => {
    const result = importUnchanged(
      EMPTY,
      `${COUNTY_HEADER}\n${firstRow}\n,十堰市,yes,,,,\n${secondRow}\n`,
      importCountySheet,
    );
    expect(where(problemsOf(result))).toEqual([{ code: 'required', row: 3, field: 'county' }]);
  });

  it('a missing city', () => {
    const result = importUnchanged(
      EMPTY,
      `${COUNTY_HEADER}\n${firstRow}\n甲县,,yes,,,,\n`,
      importCountySheet,
    );
    expect(where(problemsOf(result))).toEqual([{ code: 'required', row: 3, field: 'city' }]);
  });

  it('an invalid hosts_central_units value', () => {
    const result = importUnchanged(
      roster,
      `${COUNTY_HEADER}\n${firstRow}\n${secondRow}\n甲县,甲市,maybe,,,,\n`,
      importCountySheet,
    );
    const problems = problemsOf(result);
    expect(where(problems)).toEqual([{ code: 'choice_invalid', row: 4, field: 'hosts_central_units' }]);
    expect(problems[0]?.params?.got).toBe('maybe');
  });

  it('names of object properties are not choices (found by the fuzzer)', () => {
    for (const typed of ['constructor', '__proto__', 'toString']) {
      const counties = importUnchanged(
        roster,
        `${COUNTY_HEADER}\n${firstRow}\n${secondRow}\n甲县,甲市,${typed},,,,\n`,
        importCountySheet,
      );
      expect(where(problemsOf(counties))).toEqual([
        { code: 'choice_invalid', row: 4, field: 'hosts_central_units' },
      ]);
      const contacts = importUnchanged(
        roster,
        `${CONTACT_HEADER}\n${typed},郧阳区,张三,13800000000,,,\n`,
        importContactSheet,
      );
      expect(where(problemsOf(contacts))).toEqual([{ code: 'choice_invalid', row: 2, field: 'unit_kind' }]);
    }
  });

  it('a duplicate county is reported on its second line', () => {
    const result = importUnchanged(
      EMPTY,
      `${COUNTY_HEADER}\n${firstRow}\n${secondRow}\n${firstRow}\n`,
      importCountySheet,
    );
    const problems = problemsOf(result);
    expect(where(problems)).toEqual([{ code: 'row_duplicate', row: 4, field: 'county' }]);
    expect(problems[0]?.params?.got).toBe('郧阳区');
  });

  it('a central unit for a county that hosts none', () => {
    const result = importUnchanged(EMPTY, `${COUNTY_HEADER}\n甲县,甲市,no,国家电网,,,\n`, importCountySheet);
    expect(where(problemsOf(result))).toEqual([{ code: 'context_mismatch', row: 2, field: 'central_unit' }]);
  });

  it('a missing required column is reported on the header line', () => {
    const result = importUnchanged(EMPTY, 'county,hosts_central_units\n郧阳区,yes\n', importCountySheet);
    const problems = problemsOf(result);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('csv_column_missing');
    expect(problems[0]?.row).toBe(1);
    // The missing column is named in params.column (the message template uses {column}), not in `field`.
    expect(String(problems[0]?.params?.column)).toContain('city');
    expect(String(problems[0]?.params?.column)).toContain('所在市州');
  });

  it('reports every bad row at once and takes none of the good ones', () => {
    const result = importUnchanged(
      EMPTY,
      `${COUNTY_HEADER}\n${firstRow}\n,十堰市,yes,,,,\n${secondRow}\n乙县,乙市,perhaps,,,,\n`,
      importCountySheet,
    );
    expect(where(problemsOf(result))).toEqual([
      { code: 'required', row: 3, field: 'county' },
      { code: 'choice_invalid', row: 5, field: 'hosts_central_units' },
    ]);
    expect(result).not.toHaveProperty('roster');
  });

  // Rows are numbered by their line in the file: blank lines and quoted cells spanning lines count.
  it('counts blank lines when numbering lines', () => {
    const result = importCountySheet(EMPTY, `${COUNTY_HEADER}\n\n${firstRow}\n甲县,甲市,maybe,,,,\n`);
    expect(where(problemsOf(result))).toEqual([
      { code: 'choice_invalid', row: 4, field: 'hosts_central_units' },
    ]);
  });

  it('a contact with an invalid mobile', () => {
    const result = importUnchanged(
      roster,
      `${CONTACT_HEADER}\ncounty,郧阳区,张三,13800000000,feishu,ou_1,\ncounty,郧西县,李四,12345,,,\n`,
      importContactSheet,
    );
    const problems = problemsOf(result);
    expect(where(problems)).toEqual([{ code: 'mobile_invalid', row: 3, field: 'mobile' }]);
    expect(problems[0]?.params?.got).toBe('12345');
  });

  it('a contact whose unit is not in the roster', () => {
    const result = importUnchanged(
      roster,
      `${CONTACT_HEADER}\ncounty,郧阳区,张三,13800000000,,,\nhelper,火星市,李四,13900000000,,,\n`,
      importContactSheet,
    );
    const problems = problemsOf(result);
    expect(where(problems)).toEqual([{ code: 'unit_unknown', row: 3, field: 'unit' }]);
    expect(problems[0]?.params?.got).toBe('火星市');
  });

  it('a contact with an unknown platform', () => {
    const result = importUnchanged(
      roster,
      `${CONTACT_HEADER}\ncounty,郧阳区,张三,13800000000,feishu,,\ncounty,郧西县,李四,13900000000,wechat,,\n`,
      importContactSheet,
    );
    const problems = problemsOf(result);
    expect(where(problems)).toEqual([{ code: 'choice_invalid', row: 3, field: 'platform' }]);
    expect(problems[0]?.params?.got).toBe('wechat');
  });

  it('a contact with an unknown unit kind, or a platform id without a platform', () => {
    const result = importUnchanged(
      roster,
      `${CONTACT_HEADER}\nvillage,郧阳区,张三,13800000000,,,\ncounty,郧阳区,李四,13900000000,,ou_2,\n`,
      importContactSheet,
    );
    expect(where(problemsOf(result))).toEqual([
      { code: 'choice_invalid', row: 2, field: 'unit_kind' },
      { code: 'required', row: 3, field: 'platform' },
    ]);
  });

  it('a duplicate contact mobile', () => {
    const result = importUnchanged(
      roster,
      `${CONTACT_HEADER}\ncounty,郧阳区,张三,13800000000,,,\ncounty,郧西县,李四,13800000000,,,\n`,
      importContactSheet,
    );
    expect(where(problemsOf(result))).toEqual([{ code: 'row_duplicate', row: 3, field: 'mobile' }]);
  });

  it('a contact sheet missing a required column', () => {
    const result = importUnchanged(roster, 'unit_kind,name\ncounty,张三\n', importContactSheet);
    const problems = problemsOf(result);
    expect(problems.map((p) => [p.code, p.row])).toEqual([['csv_column_missing', 1]]);
    expect(String(problems[0]?.params?.column)).toContain('unit');
  });

  it('a contact sheet with one bad row adds none of its contacts', () => {
    const result = importUnchanged(
      roster,
      `${CONTACT_HEADER}\ncounty,郧阳区,张三,13800000000,,,\ncounty,郧西县,李四,12345,,,\n`,
      importContactSheet,
    );
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('roster');
  });
});

describe('Chinese headers and values', () => {
  it('reads a county sheet with Chinese headers and 是/否/待确认', () => {
    const text = [
      '重点帮扶县,所在市州,承接中央单位定点帮扶,中央定点帮扶单位,省直牵头单位,帮扶市县,备注',
      '甲县,甲市,是,国家电网,省某厅,乙区;丙区,说明',
      '乙县,甲市,否,,,,',
      '丙县,省直辖,待确认,,,,',
    ].join('\n');
    expect(rosterSheetKind(text)).toBe('counties');
    const r = ok(importCountySheet(EMPTY, text));
    const facts = (name: string) => {
      const c = county(r, name);
      return [c.hostsCentralUnits, c.cityId, c.note];
    };
    expect(counties(r)).toHaveLength(3);
    expect(facts('甲县')).toEqual(['yes', unitId('city', '甲市'), '说明']);
    expect(facts('乙县')).toEqual(['no', unitId('city', '甲市'), '']);
    expect(facts('丙县')).toEqual(['unknown', null, '']);
    const jia = unitId('county', '甲县');
    expect(names(relatedUnits(r, 'central_assists', jia))).toEqual(['国家电网']);
    expect(names(relatedUnits(r, 'leads', jia))).toEqual(['省某厅']);
    expect(names(relatedUnits(r, 'helps', jia))).toEqual(['丙区', '乙区'].sort());
  });

  it('treats an empty hosts_central_units cell as unknown and accepts upper case', () => {
    const r = ok(importCountySheet(EMPTY, `${COUNTY_HEADER}\n甲县,甲市,,,,,\n乙县,甲市,YES,,,,\n`));
    expect(county(r, '甲县').hostsCentralUnits).toBe('unknown');
    expect(county(r, '乙县').hostsCentralUnits).toBe('yes');
  });

  it('reads a contact sheet with Chinese headers and unit kinds', () => {
    const text = [
      '单位类型,单位,姓名,手机,平台,平台用户ID,演示',
      '重点帮扶县,郧阳区,张三,13800000000,feishu,ou_1,是',
      '牵头单位,省委宣传部,李四,,dingtalk,dt_1,',
    ].join('\n');
    expect(rosterSheetKind(text)).toBe('contacts');
    const r = ok(importContactSheet(roster, text));
    expect(r.contacts.map((c) => [c.unitId, c.name, c.mobile, c.platform, c.platformUserId, c.demo])).toEqual(
      [
        [unitId('county', '郧阳区'), '张三', '13800000000', 'feishu', 'ou_1', true],
        [unitId('lead_unit', '省委宣传部'), '李四', null, 'dingtalk', 'dt_1', false],
      ],
    );
  });
});

describe('a new contact with a platform but no account yet', () => {
  it('is imported unbound (found by the fuzz test: the account was left undefined)', () => {
    const counties = importCountySheet(
      { units: [], relations: [], villages: [], contacts: [] },
      'county,city\n甲县,甲市\n',
    );
    if (!counties.ok) throw new Error('counties');
    const result = importContactSheet(
      counties.roster,
      'unit_kind,unit,name,mobile,platform,platform_user_id\ncounty,甲县,张三,13800000001,feishu,\n',
    );
    expect(result.ok && result.roster.contacts.map((c) => [c.platform, c.platformUserId])).toEqual([
      ['feishu', null],
    ]);
  });
});
