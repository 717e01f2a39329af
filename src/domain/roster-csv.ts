// The roster as the bureau keeps it: one CSV row per county (as in roster-hubei.csv) and one CSV of
// contacts. Importing is all-or-nothing: any row problem is reported by line and column, and nothing
// changes. Export writes the same shape back, so a round trip is lossless.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula, restoreFormula } from './csv-formula.ts';
import type { Problem } from './problem.ts';
import {
  type Confirmation,
  counties,
  helpsAsWholeCity,
  PLATFORMS,
  type Platform,
  type Relation,
  type RelationKind,
  type Roster,
  type RosterUnit,
  relatedUnits,
  type StationedVillage,
  UNIT_KINDS,
  type UnitKind,
  unitId,
} from './roster.ts';

export type CsvResult = { ok: true; roster: Roster } | { ok: false; problems: Problem[] };

const COUNTY_COLUMNS = {
  county: ['county', '重点帮扶县'],
  city: ['city', '所在市州'],
  hosts_central_units: ['hosts_central_units', '承接中央单位定点帮扶'],
  central_unit: ['central_unit', '中央定点帮扶单位'],
  lead_unit: ['lead_unit', '省直牵头单位'],
  helpers: ['helpers', '帮扶市县'],
  // Those of the helpers that help as a whole city (≥ 8 paired streets/towns, notice 四).
  whole_city_helpers: ['whole_city_helpers', '整体帮扶市'],
  provincial_units: ['provincial_units', '省直定点帮扶单位'],
  social_orgs: ['social_orgs', '结对社会组织'],
  stationed_villages: ['stationed_villages', '省直单位驻点村'],
  source_note: ['source_note', '备注'],
} as const;
type CountyColumn = keyof typeof COUNTY_COLUMNS;

const CONTACT_COLUMNS = {
  unit_kind: ['unit_kind', '单位类型'],
  unit: ['unit', '单位'],
  name: ['name', '姓名'],
  mobile: ['mobile', '手机'],
  platform: ['platform', '平台'],
  platform_user_id: ['platform_user_id', '平台用户ID'],
  demo: ['demo', '演示'],
} as const;
type ContactColumn = keyof typeof CONTACT_COLUMNS;

const CONFIRMATION: Record<string, Confirmation> = {
  yes: 'yes',
  no: 'no',
  unknown: 'unknown',
  是: 'yes',
  否: 'no',
  待确认: 'unknown',
  '': 'unknown',
};
const NO_CITY = '省直辖';
const MAX_UNIT_NAME = 60;
const MAX_CONTACT_NAME = 30;
const MOBILE = /^1[3-9]\d{9}$/;
const LIST_SEPARATOR = /[;；、]/;

/** Which of the two roster sheets a CSV text is, from its header. */
export function rosterSheetKind(text: string): 'counties' | 'contacts' | null {
  const header = readRows(text)[0] ?? [];
  if (findColumns(header, COUNTY_COLUMNS).county !== undefined) return 'counties';
  if (findColumns(header, CONTACT_COLUMNS).unit !== undefined) return 'contacts';
  return null;
}

/** Replaces the county facts of every county in the sheet; other units and all contacts are kept. */
export function importCountySheet(current: Roster, text: string): CsvResult {
  const rows = readLines(text);
  const header = rows[0]?.cells ?? [];
  const columns = findColumns(header, COUNTY_COLUMNS);
  const problems: Problem[] = [];
  for (const required of ['county', 'city'] as const) {
    if (columns[required] === undefined)
      problems.push({
        code: 'csv_column_missing',
        row: 1,
        params: { column: COUNTY_COLUMNS[required].join(' / ') },
      });
  }
  if (problems.length > 0) return { ok: false, problems };

  const units = new Map(current.units.map((u) => [u.id, u]));
  const imported = new Set<string>();
  const relations: Relation[] = [];
  const villages: StationedVillage[] = [];
  rows.slice(1).forEach(({ cells, line }) => {
    const get = (c: CountyColumn) => cell(cells, columns[c]);
    const countyName = get('county');
    const cityName = get('city');
    const hosts = choice(CONFIRMATION, get('hosts_central_units').toLowerCase());
    const rowProblems: Problem[] = [];
    if (!countyName) rowProblems.push(csvProblem('required', line, 'county'));
    if (!cityName) rowProblems.push(csvProblem('required', line, 'city'));
    if (hosts === undefined)
      rowProblems.push(
        csvProblem('choice_invalid', line, 'hosts_central_units', {
          got: get('hosts_central_units'),
          choices: 'yes、no、unknown（是、否、待确认）',
        }),
      );
    const names = (Object.keys(COUNTY_COLUMNS) as CountyColumn[]).flatMap((c) =>
      c === 'source_note' ? [] : splitList(get(c)).map((n) => [c, n] as const),
    );
    for (const [column, name] of names) {
      const problem = nameProblem(name, MAX_UNIT_NAME);
      if (problem) rowProblems.push(csvProblem(problem.code, line, column, problem.params));
    }
    const helperNames = splitList(get('helpers'));
    for (const name of splitList(get('whole_city_helpers'))) {
      if (!helperNames.includes(name))
        rowProblems.push(csvProblem('csv_not_a_helper', line, 'whole_city_helpers', { got: name }));
    }
    const villageNames = splitList(get('stationed_villages'));
    const repeated = villageNames.find((v, i) => villageNames.indexOf(v) !== i);
    if (repeated)
      rowProblems.push(csvProblem('row_duplicate', line, 'stationed_villages', { got: repeated }));
    const countyKey = unitId('county', countyName);
    // A sheet without the column (an older export) keeps what the roster already says of each pair.
    const wholeCity = (helper: string): boolean =>
      columns.whole_city_helpers === undefined
        ? helpsAsWholeCity(current, unitId('helper', helper), countyKey)
        : splitList(get('whole_city_helpers')).includes(helper);
    if (countyName && imported.has(countyKey))
      rowProblems.push(csvProblem('row_duplicate', line, 'county', { got: countyName }));
    if (hosts === 'no' && get('central_unit'))
      rowProblems.push(csvProblem('context_mismatch', line, 'central_unit', { got: get('central_unit') }));
    problems.push(...rowProblems);
    if (rowProblems.length > 0 || !hosts) return;

    imported.add(countyKey);
    const cityId = cityName === NO_CITY ? null : unitId('city', cityName);
    if (cityId) units.set(cityId, units.get(cityId) ?? newUnit('city', cityName));
    units.set(countyKey, {
      ...newUnit('county', countyName),
      cityId,
      hostsCentralUnits: hosts,
      note: get('source_note'),
    });
    const relate = (kind: RelationKind, unitKind: UnitKind, column: CountyColumn) => {
      for (const name of splitList(get(column))) {
        const id = unitId(unitKind, name);
        units.set(id, units.get(id) ?? newUnit(unitKind, name));
        relations.push({
          kind,
          unitId: id,
          targetId: countyKey,
          wholeCity: kind === 'helps' && wholeCity(name),
        });
      }
    };
    relate('central_assists', 'central_unit', 'central_unit');
    relate('leads', 'lead_unit', 'lead_unit');
    relate('helps', 'helper', 'helpers');
    relate('provincial_assists', 'provincial_unit', 'provincial_units');
    for (const entry of splitList(get('social_orgs'))) {
      const [org = '', supervisor = ''] = entry.split('|').map((s) => s.trim());
      const orgId = unitId('social_org', org);
      units.set(orgId, units.get(orgId) ?? newUnit('social_org', org));
      relations.push({ kind: 'pairs', unitId: orgId, targetId: countyKey, wholeCity: false });
      if (supervisor) {
        const supId = unitId('supervisor', supervisor);
        units.set(supId, units.get(supId) ?? newUnit('supervisor', supervisor));
        relations.push({ kind: 'supervises', unitId: supId, targetId: orgId, wholeCity: false });
      }
    }
    for (const village of splitList(get('stationed_villages')))
      villages.push({ countyId: countyKey, village, unitId: '' });
  });
  if (problems.length > 0) return { ok: false, problems };

  const keptRelations = current.relations.filter(
    (r) =>
      !imported.has(r.targetId) &&
      !(
        r.kind === 'supervises' && relations.some((n) => n.kind === 'supervises' && n.targetId === r.targetId)
      ),
  );
  const allRelations = dedupeRelations([...keptRelations, ...relations]);
  const keptVillages = current.villages.filter((v) => !imported.has(v.countyId));
  return {
    ok: true,
    roster: {
      ...current,
      units: [...units.values()],
      relations: allRelations,
      villages: [...keptVillages, ...villages],
    },
  };
}

/** Adds or updates contacts (keyed by id: the mobile, or unit and name); units must exist except the bureau's. */
export function importContactSheet(current: Roster, text: string): CsvResult {
  const rows = readLines(text);
  const columns = findColumns(rows[0]?.cells ?? [], CONTACT_COLUMNS);
  const problems: Problem[] = [];
  for (const required of ['unit_kind', 'unit', 'name'] as const) {
    if (columns[required] === undefined)
      problems.push({
        code: 'csv_column_missing',
        row: 1,
        params: { column: CONTACT_COLUMNS[required].join(' / ') },
      });
  }
  if (problems.length > 0) return { ok: false, problems };

  const units = new Map(current.units.map((u) => [u.id, u]));
  const contacts = new Map(current.contacts.map((c) => [c.id, c]));
  const seen = new Set<string>();
  rows.slice(1).forEach(({ cells, line }) => {
    const get = (c: ContactColumn) => cell(cells, columns[c]);
    const rowProblems: Problem[] = [];
    const kind = parseUnitKind(get('unit_kind'));
    const unitName = get('unit');
    const name = get('name');
    const mobile = get('mobile') || null;
    const platformText = get('platform').toLowerCase();
    const platform =
      platformText === ''
        ? null
        : (PLATFORMS as readonly string[]).includes(platformText)
          ? (platformText as Platform)
          : undefined;
    const userId = get('platform_user_id') || null;
    if (!kind)
      rowProblems.push(
        csvProblem('choice_invalid', line, 'unit_kind', {
          got: get('unit_kind'),
          choices: Object.keys(UNIT_KIND_NAMES).join('、'),
        }),
      );
    if (!unitName) rowProblems.push(csvProblem('required', line, 'unit'));
    if (!name) rowProblems.push(csvProblem('required', line, 'name'));
    const nameWrong = nameProblem(name, MAX_CONTACT_NAME);
    if (nameWrong) rowProblems.push(csvProblem(nameWrong.code, line, 'name', nameWrong.params));
    if (mobile && !MOBILE.test(mobile))
      rowProblems.push(csvProblem('mobile_invalid', line, 'mobile', { got: mobile.slice(0, 20) }));
    if (platform === undefined)
      rowProblems.push(
        csvProblem('choice_invalid', line, 'platform', { got: platformText, choices: PLATFORMS.join('、') }),
      );
    if (userId && !platform) rowProblems.push(csvProblem('required', line, 'platform'));
    const id = kind && unitName ? unitId(kind, unitName) : '';
    if (kind && unitName && !units.has(id)) {
      if (kind === 'bureau') units.set(id, newUnit('bureau', unitName));
      else rowProblems.push(csvProblem('unit_unknown', line, 'unit', { got: unitName }));
    }
    const contactId = mobile ?? `${id}#${name}`;
    if (seen.has(contactId))
      rowProblems.push(
        csvProblem('row_duplicate', line, mobile ? 'mobile' : 'name', { got: mobile ?? name }),
      );
    seen.add(contactId);
    const clash =
      userId &&
      [...contacts.values()].find(
        (c) => c.id !== contactId && c.platform === platform && c.platformUserId === userId,
      );
    if (clash) rowProblems.push(csvProblem('row_duplicate', line, 'platform_user_id', { got: userId }));
    problems.push(...rowProblems);
    if (rowProblems.length > 0) return;
    const existing = contacts.get(contactId);
    const finalPlatform = platform ?? existing?.platform ?? null;
    // An account belongs to one platform: moving a contact to another platform drops the old account.
    const finalUserId = userId ?? (existing?.platform === finalPlatform ? existing.platformUserId : null);
    const taken =
      finalUserId !== null &&
      [...contacts.values()].some(
        (c) => c.id !== contactId && c.platform === finalPlatform && c.platformUserId === finalUserId,
      );
    if (taken) {
      problems.push(csvProblem('row_duplicate', line, 'platform_user_id', { got: finalUserId }));
      return;
    }
    contacts.set(contactId, {
      id: contactId,
      unitId: id,
      name,
      mobile,
      platform: finalPlatform,
      platformUserId: finalUserId,
      demo: /^(1|yes|true|是)$/i.test(get('demo')),
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, roster: { ...current, units: [...units.values()], contacts: [...contacts.values()] } };
}

export function exportCountySheet(roster: Roster): string {
  const names = (kind: RelationKind, countyId: string) =>
    relatedUnits(roster, kind, countyId)
      .map((u) => u.name)
      .join(';');
  const rows = counties(roster).map((c) => {
    const orgs = relatedUnits(roster, 'pairs', c.id).map((org) => {
      const supervisor = relatedUnits(roster, 'supervises', org.id)[0];
      return supervisor ? `${org.name}|${supervisor.name}` : org.name;
    });
    const city = c.cityId ? (roster.units.find((u) => u.id === c.cityId)?.name ?? '') : NO_CITY;
    return {
      county: c.name,
      city,
      hosts_central_units: c.hostsCentralUnits ?? 'unknown',
      central_unit: names('central_assists', c.id),
      lead_unit: names('leads', c.id),
      helpers: names('helps', c.id),
      whole_city_helpers: relatedUnits(roster, 'helps', c.id)
        .filter((u) => helpsAsWholeCity(roster, u.id, c.id))
        .map((u) => u.name)
        .join(';'),
      provincial_units: names('provincial_assists', c.id),
      social_orgs: orgs.join(';'),
      stationed_villages: roster.villages
        .filter((v) => v.countyId === c.id)
        .map((v) => v.village)
        .join(';'),
      source_note: c.note,
    };
  });
  return stringify(rows, { header: true, columns: Object.keys(COUNTY_COLUMNS), cast: CAST });
}

export function exportContactSheet(roster: Roster): string {
  const rows = roster.contacts.map((c) => {
    const unit = roster.units.find((u) => u.id === c.unitId);
    return {
      unit_kind: unit?.kind ?? '',
      unit: unit?.name ?? c.unitId,
      name: c.name,
      mobile: c.mobile ?? '',
      platform: c.platform ?? '',
      platform_user_id: c.platformUserId ?? '',
      demo: c.demo ? 'yes' : '',
    };
  });
  return stringify(rows, { header: true, columns: Object.keys(CONTACT_COLUMNS), cast: CAST });
}

/** Every exported cell is text; one that starts like a formula is written inert. */
const CAST = { string: neutraliseFormula };

/** Chinese names a person may type for a unit kind. */
export const UNIT_KIND_NAMES: Record<string, UnitKind> = {
  重点帮扶县: 'county',
  县: 'county',
  省直牵头单位: 'lead_unit',
  牵头单位: 'lead_unit',
  市州: 'city',
  中央单位: 'central_unit',
  省直单位: 'provincial_unit',
  帮扶市县: 'helper',
  社会组织: 'social_org',
  业务主管部门: 'supervisor',
  省乡村振兴局: 'bureau',
};

function parseUnitKind(text: string): UnitKind | undefined {
  const t = text.trim();
  return (UNIT_KINDS as readonly string[]).includes(t) ? (t as UnitKind) : choice(UNIT_KIND_NAMES, t);
}

/** The table's own entry for what someone typed: "constructor" or "__proto__" is not a choice. */
function choice<V>(table: Readonly<Record<string, V>>, typed: string): V | undefined {
  return Object.hasOwn(table, typed) ? table[typed] : undefined;
}

/** Records with the file line each starts on (blank lines and multi-line cells counted). */
function readLines(text: string): { cells: string[]; line: number }[] {
  const body = text.replace(/^\uFEFF/, '');
  // Excel's "Unicode text" (UTF-16) separates cells by tabs: a header with tabs and no comma is read so.
  const header = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = header.includes('\t') && !header.includes(',') ? '\t' : ',';
  try {
    const records = parse(body, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    // info.lines is where a record ends; a quoted cell may span lines, so count back to its start.
    return records.map((r) => ({
      cells: r.record,
      line: r.info.lines - (r.record.join('').split('\n').length - 1),
    }));
  } catch {
    return [];
  }
}

function readRows(text: string): string[][] {
  return readLines(text).map((r) => r.cells);
}

function findColumns<C extends string>(
  header: readonly string[],
  spec: Record<C, readonly string[]>,
): Partial<Record<C, number>> {
  const found: Partial<Record<C, number>> = {};
  for (const [column, aliases] of Object.entries(spec) as [C, readonly string[]][]) {
    const index = header.findIndex((h) => aliases.includes(h.trim()));
    if (index >= 0) found[column] = index;
  }
  return found;
}

function cell(cells: readonly string[], index: number | undefined): string {
  return index === undefined ? '' : restoreFormula(cells[index] ?? '').trim();
}

function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A name too long, or with control characters in it — each told as what it is. */
function nameProblem(
  name: string,
  max: number,
): { code: Problem['code']; params: Record<string, string | number> } | null {
  const length = [...name].length;
  if (length > max) return { code: 'text_too_long', params: { max, length } };
  if (/[\p{Cc}]/u.test(name)) return { code: 'text_invalid', params: { got: name.slice(0, 40) } };
  return null;
}

function csvProblem(
  code: Problem['code'],
  row: number,
  column: string,
  params: Record<string, string | number> = {},
): Problem {
  return { code, row, field: column, label: column, params };
}

function newUnit(kind: UnitKind, name: string): RosterUnit {
  return { id: unitId(kind, name), kind, name, cityId: null, hostsCentralUnits: null, note: '', demo: false };
}

function dedupeRelations(relations: Relation[]): Relation[] {
  const byKey = new Map(relations.map((r) => [`${r.kind}|${r.unitId}|${r.targetId}`, r]));
  return [...byKey.values()];
}
