import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { counties, type Roster, type RosterUnit, unitId } from '../../src/domain/roster.ts';
import {
  checkRoster,
  NOTICE_COUNTS,
  type RosterCheckCode,
  type RosterCheckItem,
} from '../../src/domain/roster-check.ts';
import { type CsvResult, importContactSheet, importCountySheet } from '../../src/domain/roster-csv.ts';

const read = (path: string): string => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const ROSTER_TEXT = read('../../data/roster.csv');
const CONTACTS_TEXT = read('../../data/demo-contacts.csv');
const CSV_ROWS = parse(ROSTER_TEXT, { columns: true, skip_empty_lines: true, trim: true }) as Record<
  string,
  string
>[];
const EMPTY: Roster = { units: [], relations: [], villages: [], contacts: [] };
const COUNTY_HEADER = 'county,city,hosts_central_units,central_unit,lead_unit,helpers,source_note';

function ok(result: CsvResult): Roster {
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.problems)}`);
  return result.roster;
}

const roster = ok(importCountySheet(EMPTY, ROSTER_TEXT));
const withContacts = ok(importContactSheet(roster, CONTACTS_TEXT));
const items = checkRoster(roster);
const itemsWithContacts = checkRoster(withContacts);

const ofCode = (list: readonly RosterCheckItem[], code: RosterCheckCode) =>
  list.filter((i) => i.code === code);
/** The names of the units an item list is about, sorted. */
const unitNames = (list: readonly RosterCheckItem[]): string[] => list.map((i) => i.unit?.name ?? '').sort();
const csvCounties = (pred: (row: Record<string, string>) => boolean): string[] =>
  CSV_ROWS.filter(pred)
    .map((r) => r.county ?? '')
    .sort();

describe('checkRoster on the real roster', () => {
  it('lists hosts_unknown for every unknown county, and only those', () => {
    const expected = csvCounties((r) => r.hosts_central_units === 'unknown');
    expect(expected).toHaveLength(15);
    expect(unitNames(ofCode(items, 'hosts_unknown'))).toEqual(expected);
  });

  it('lists lead_unit_missing for the 33 counties without a lead unit', () => {
    const expected = csvCounties((r) => !r.lead_unit);
    expect(expected).toHaveLength(33);
    expect(unitNames(ofCode(items, 'lead_unit_missing'))).toEqual(expected);
    expect(unitNames(ofCode(items, 'lead_unit_missing'))).not.toContain('竹山县');
  });

  it('lists helper_missing for the counties with an empty helpers cell', () => {
    const expected = csvCounties((r) => !r.helpers);
    expect(expected).toHaveLength(10);
    expect(unitNames(ofCode(items, 'helper_missing'))).toEqual(expected);
  });

  it('lists no central_unit_missing for a yes county: every yes county names its central unit', () => {
    expect(csvCounties((r) => r.hosts_central_units === 'yes' && !r.central_unit)).toEqual([]);
    const missing = ofCode(items, 'central_unit_missing');
    for (const item of missing) expect(item.unit?.hostsCentralUnits, item.unit?.name).not.toBe('yes');
  });

  it('lists an unknown county once, as hosts_unknown, not also as central_unit_missing', () => {
    expect(ofCode(items, 'central_unit_missing')).toEqual([]);
    expect(unitNames(ofCode(items, 'hosts_unknown'))).toEqual(
      csvCounties((r) => r.hosts_central_units === 'unknown'),
    );
  });

  it('lists central_unit_missing for a confirmed host without a central unit', () => {
    const r = ok(importCountySheet(EMPTY, `${COUNTY_HEADER}\n甲县,甲市,yes,,省某厅,乙区,\n`));
    expect(
      checkRoster(r)
        .filter((i) => i.unit?.name === '甲县')
        .map((i) => i.code),
    ).toContain('central_unit_missing');
  });

  it('never lists central_unit_missing for a county that hosts none', () => {
    const noCounties = csvCounties((r) => r.hosts_central_units === 'no');
    expect(noCounties).toHaveLength(9);
    for (const name of noCounties)
      expect(unitNames(ofCode(items, 'central_unit_missing'))).not.toContain(name);
  });

  it('never lists city_missing, in particular not for 神农架林区 (省直辖)', () => {
    expect(ofCode(items, 'city_missing')).toEqual([]);
    expect(ofCode(itemsWithContacts, 'city_missing')).toEqual([]);
  });

  it('lists source_note with the note for every county that has one', () => {
    const notes = ofCode(items, 'source_note');
    expect(unitNames(notes)).toEqual(csvCounties((r) => r.source_note !== ''));
    const yunyang = notes.find((i) => i.unit?.name === '郧阳区');
    expect(yunyang?.params).toEqual({ county: '郧阳区', note: 'helper=whole city (松滋市 also pairs)' });
  });

  it('names the county in the params of each per-county item', () => {
    const perCounty = items.filter((i) => i.unit?.kind === 'county' && i.code !== 'no_contact');
    expect(perCounty.length).toBeGreaterThan(37);
    for (const item of perCounty) {
      expect(item.params.county).toBe(item.unit?.name);
    }
  });

  it('without contacts, lists no_contact for every unit, with its name and kind', () => {
    const noContact = ofCode(items, 'no_contact');
    expect(noContact).toHaveLength(roster.units.length);
    expect(noContact.map((i) => i.unit?.id).sort()).toEqual(roster.units.map((u) => u.id).sort());
    const lead = noContact.find((i) => i.unit?.id === unitId('lead_unit', '省委宣传部'));
    expect(lead?.params).toEqual({ unit: '省委宣传部', kind: 'lead_unit' });
    expect(ofCode(items, 'demo_contacts')).toEqual([]);
  });

  it('lists no_contact only for the units without contacts', () => {
    const someContacts = ok(
      importContactSheet(roster, 'unit_kind,unit,name,mobile\ncounty,郧阳区,张三,13800000000\n'),
    );
    const noContact = ofCode(checkRoster(someContacts), 'no_contact');
    expect(noContact).toHaveLength(roster.units.length - 1);
    expect(noContact.map((i) => i.unit?.name)).not.toContain('郧阳区');
  });

  it('says the file confirms fewer hosting counties than the notice (13 of 25, 15 unknown)', () => {
    const confirmed = csvCounties((r) => r.hosts_central_units === 'yes').length;
    const unknown = csvCounties((r) => r.hosts_central_units === 'unknown').length;
    expect([confirmed, unknown]).toEqual([13, 15]);
    expect(ofCode(items, 'central_count_differs')).toEqual([
      {
        code: 'central_count_differs',
        params: { confirmed, unknown, notice: NOTICE_COUNTS.hostingCentralUnits },
      },
    ]);
    expect(ofCode(items, 'county_count_differs')).toEqual([]);
  });
});

describe('checkRoster: every debtor gap and missing 驻点村 named', () => {
  const gaps = ofCode(items, 'debtor_gap');

  it('names, per obligation, every county the roster has no debtor for', () => {
    const noLead = csvCounties((r) => !r.lead_unit);
    const noHelper = csvCounties((r) => !r.helpers);
    const listed = (item: RosterCheckItem | undefined) => String(item?.params.counties).split('、').sort();
    expect(gaps.map((g) => [g.params.obligation, g.params.kind, g.params.count])).toEqual([
      ['召开年度首次联席（协调）会议', 'lead_unit', noLead.length],
      ['上年度考核问题整改到位', 'lead_unit', noLead.length],
      ['党政主要负责同志互访交流并召开联席（协调）会议', 'helper', noHelper.length],
    ]);
    expect(listed(gaps[0])).toEqual(noLead);
    expect(listed(gaps[1])).toEqual(noLead);
    expect(listed(gaps[2])).toEqual(noHelper);
    expect(noHelper).toHaveLength(10);
  });

  it('lists no gap when every county has its lead unit and helper', () => {
    const text = `${COUNTY_HEADER}\n甲县,甲市,yes,国家电网,省某厅,乙区,\n乙县,甲市,no,,省某局,丙区,\n`;
    expect(ofCode(checkRoster(ok(importCountySheet(EMPTY, text))), 'debtor_gap')).toEqual([]);
  });

  it('lists villages_missing for each county without 驻点村, so R2 is not silently inert', () => {
    expect(unitNames(ofCode(items, 'villages_missing'))).toEqual(csvCounties(() => true));
    const text = `${COUNTY_HEADER},stationed_villages\n甲县,甲市,yes,,,,,樱桃沟村\n乙县,甲市,no,,,,,\n`;
    expect(unitNames(ofCode(checkRoster(ok(importCountySheet(EMPTY, text))), 'villages_missing'))).toEqual([
      '乙县',
    ]);
  });
});

describe('checkRoster with the demo contacts', () => {
  it('lists no no_contact item', () => {
    expect(ofCode(itemsWithContacts, 'no_contact')).toEqual([]);
  });

  it('lists exactly one demo_contacts item counting them', () => {
    const demo = ofCode(itemsWithContacts, 'demo_contacts');
    expect(demo).toHaveLength(1);
    expect(demo[0]?.params.count).toBe(withContacts.contacts.length);
    expect(withContacts.contacts.length).toBe(92);
    expect(demo[0]?.unit).toBeUndefined();
  });

  it('keeps every per-county finding', () => {
    const perCounty = (list: readonly RosterCheckItem[]) =>
      list.filter((i) => i.code !== 'no_contact' && i.code !== 'demo_contacts');
    expect(perCounty(itemsWithContacts)).toEqual(perCounty(items));
  });
});

describe('checkRoster on hand-made rosters', () => {
  function countyUnit(name: string, extra: Partial<RosterUnit> = {}): RosterUnit {
    return {
      id: unitId('county', name),
      kind: 'county',
      name,
      cityId: 'city:甲市',
      hostsCentralUnits: 'yes',
      note: '',
      demo: false,
      ...extra,
    };
  }
  const codesFor = (r: Roster, name: string) =>
    checkRoster(r)
      .filter((i) => i.unit?.name === name)
      .map((i) => i.code)
      .sort();

  it('lists city_missing for a county whose city is not in the roster, not for one without a city (省直辖)', () => {
    const r: Roster = {
      ...EMPTY,
      units: [countyUnit('甲县', { cityId: 'city:不存在市' }), countyUnit('乙县', { cityId: null })],
    };
    expect(codesFor(r, '甲县')).toContain('city_missing');
    expect(codesFor(r, '乙县')).not.toContain('city_missing');
  });

  it('treats a county with no hosting answer as unknown', () => {
    const r: Roster = { ...EMPTY, units: [countyUnit('甲县', { hostsCentralUnits: null })] };
    expect(codesFor(r, '甲县')).toEqual(
      // Its city (city:甲市) is not a unit of this hand-built roster, so city_missing too.
      [
        'city_missing',
        'helper_missing',
        'hosts_unknown',
        'lead_unit_missing',
        'no_contact',
        'villages_missing',
      ].sort(),
    );
  });

  it('counts against the notice: 37 counties, 25 hosting', () => {
    const few: Roster = { ...EMPTY, units: counties(roster).slice(0, 30) };
    const differs = checkRoster(few).find((i) => i.code === 'county_count_differs');
    expect(differs?.params).toEqual({ count: 30, notice: 37 });
  });

  it('lists nothing per county for a county whose facts are complete', () => {
    const header = `${COUNTY_HEADER},stationed_villages`;
    const text = `${header}\n甲县,甲市,yes,国家电网,省某厅,乙区,,某村\n乙县,甲市,no,,省某局,丙区,,某村\n`;
    const r = ok(importCountySheet(EMPTY, text));
    const perCounty = checkRoster(r).filter((i) => i.unit?.kind === 'county' && i.code !== 'no_contact');
    expect(perCounty).toEqual([]);
  });

  // Import refuses an empty city, so a county without a city came from a row saying 省直辖: that is a
  // confirmed fact, not a missing one, whatever the county is called.
  it('does not list city_missing for an imported county whose city is 省直辖', () => {
    const r = ok(importCountySheet(EMPTY, `${COUNTY_HEADER}\n潜江市,省直辖,no,,省某厅,乙区,\n`));
    expect(codesFor(r, '潜江市')).not.toContain('city_missing');
  });
});
