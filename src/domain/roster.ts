// Who is who: units, the counties, the relations the notice names, and contacts. A unit's scope — the
// counties it may read — is derived from its kind and its relations, never stored.

export const UNIT_KINDS = [
  'county',
  'lead_unit',
  'city',
  'central_unit',
  'provincial_unit',
  'helper',
  'social_org',
  'supervisor',
  'bureau',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const PLATFORMS = ['feishu', 'dingtalk', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

export type Confirmation = 'yes' | 'no' | 'unknown';

export interface RosterUnit {
  id: string;
  kind: UnitKind;
  name: string;
  /** For a county: its prefecture city's unit id. */
  cityId: string | null;
  /** For a county: whether it hosts central units (L1, D2); unknown is treated as yes until confirmed. */
  hostsCentralUnits: Confirmation | null;
  /** Where a fact came from or what is still unverified. */
  note: string;
  demo: boolean;
}

/** leads: 省直牵头单位; central/provincial: 定点帮扶; helps: 省内区域协作; pairs: 社会组织结对; supervises: 业务主管. */
export const RELATION_KINDS = [
  'leads',
  'central_assists',
  'provincial_assists',
  'helps',
  'pairs',
  'supervises',
] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export interface Relation {
  kind: RelationKind;
  unitId: string;
  /** A county's unit id, or for `supervises` the social organisation's. */
  targetId: string;
  /** A whole-city helper pairs ≥ 8 streets/towns instead of 5 (notice 四: 荆州市、鄂州市、随州市 in 2023);
   *  a roster fact (the county sheet's whole_city_helpers column), not a list of names in code. */
  wholeCity: boolean;
}

export interface Contact {
  id: string;
  unitId: string;
  name: string;
  mobile: string | null;
  platform: Platform | null;
  platformUserId: string | null;
  demo: boolean;
}

/** A village where a provincial unit is stationed (驻点村): not a regional-pairing village (notice 四, R2). */
export interface StationedVillage {
  countyId: string;
  village: string;
  /** The stationed provincial unit, when known ('' otherwise). */
  unitId: string;
}

export interface Roster {
  units: readonly RosterUnit[];
  relations: readonly Relation[];
  villages: readonly StationedVillage[];
  contacts: readonly Contact[];
}

/** The kind of unit on the other side of each relation. */
export const RELATION_UNIT_KIND: Record<RelationKind, UnitKind> = {
  leads: 'lead_unit',
  central_assists: 'central_unit',
  provincial_assists: 'provincial_unit',
  helps: 'helper',
  pairs: 'social_org',
  supervises: 'supervisor',
};

export function unitId(kind: UnitKind, name: string): string {
  return `${kind}:${name}`;
}

// Lookups over a roster, built once per roster object: a national roster has thousands of units and
// relations, and status questions walk every county.
interface RosterIndex {
  units: Map<string, RosterUnit>;
  counties: RosterUnit[];
  countiesByName: Map<string, RosterUnit>;
  byTarget: Map<string, RosterUnit[]>;
  byUnit: Map<string, Relation[]>;
  contactsByUnit: Map<string, Contact[]>;
  contactsByKey: Map<string, Contact>;
}

const INDEXES = new WeakMap<Roster, RosterIndex>();
const PINYIN = new Intl.Collator('zh-Hans-CN');

function indexOf(roster: Roster): RosterIndex {
  const cached = INDEXES.get(roster);
  if (cached) return cached;
  const units = new Map(roster.units.map((u) => [u.id, u]));
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const byTarget = new Map<string, RosterUnit[]>();
  const byUnit = new Map<string, Relation[]>();
  for (const r of roster.relations) {
    const unit = units.get(r.unitId);
    if (unit) push(byTarget, `${r.kind}|${r.targetId}`, unit);
    push(byUnit, r.unitId, r);
  }
  const contactsByUnit = new Map<string, Contact[]>();
  const contactsByKey = new Map<string, Contact>();
  for (const c of roster.contacts) {
    push(contactsByUnit, c.unitId, c);
    if (c.mobile) contactsByKey.set(c.mobile, c);
  }
  for (const c of roster.contacts) contactsByKey.set(c.id, c);
  const cityName = (c: RosterUnit) => (c.cityId ? (units.get(c.cityId)?.name ?? '') : '');
  // By city and then by name in pinyin order — the order people look counties up in.
  const counties = roster.units
    .filter((u) => u.kind === 'county')
    .sort((a, b) => PINYIN.compare(cityName(a), cityName(b)) || PINYIN.compare(a.name, b.name));
  const index = {
    units,
    counties,
    countiesByName: new Map(counties.map((c) => [c.name, c])),
    byTarget,
    byUnit,
    contactsByUnit,
    contactsByKey,
  };
  INDEXES.set(roster, index);
  return index;
}

export function findUnit(roster: Roster, id: string): RosterUnit | undefined {
  return indexOf(roster).units.get(id);
}

/** The counties, by city and then by name in pinyin order. */
export function counties(roster: Roster): RosterUnit[] {
  return [...indexOf(roster).counties];
}

/** Whether a county is asked for L1/D2: yes, or unknown until the bureau confirms (DESIGN §6). */
export function hostsCentralUnits(county: RosterUnit): boolean {
  return county.hostsCentralUnits !== 'no';
}

export function relatedUnits(roster: Roster, kind: RelationKind, targetId: string): RosterUnit[] {
  return [...(indexOf(roster).byTarget.get(`${kind}|${targetId}`) ?? [])];
}

/** Whether a helper helps this county as a whole city (notice 四). */
export function helpsAsWholeCity(roster: Roster, helperId: string, countyId: string): boolean {
  return (indexOf(roster).byUnit.get(helperId) ?? []).some(
    (r) => r.kind === 'helps' && r.targetId === countyId && r.wholeCity,
  );
}

export function relationTargets(roster: Roster, kind: RelationKind, unit: string): string[] {
  return (indexOf(roster).byUnit.get(unit) ?? []).filter((r) => r.kind === kind).map((r) => r.targetId);
}

export interface Scope {
  /** The bureau sees every county, including ones added later. */
  all: boolean;
  countyIds: readonly string[];
}

/** Which counties a unit may read: derived from its kind and relations (DESIGN §1). */
export function scopeOf(roster: Roster, unit: RosterUnit): Scope {
  const all = counties(roster).map((c) => c.id);
  switch (unit.kind) {
    case 'bureau':
      return { all: true, countyIds: all };
    case 'county':
      return { all: false, countyIds: [unit.id] };
    case 'city':
      return {
        all: false,
        countyIds: counties(roster)
          .filter((c) => c.cityId === unit.id)
          .map((c) => c.id),
      };
    case 'supervisor': {
      const orgs = relationTargets(roster, 'supervises', unit.id);
      const ids = orgs.flatMap((org) => relationTargets(roster, 'pairs', org));
      return { all: false, countyIds: all.filter((id) => ids.includes(id)) };
    }
    default: {
      const ids = new Set(
        (indexOf(roster).byUnit.get(unit.id) ?? [])
          .filter((r) => r.kind !== 'supervises')
          .map((r) => r.targetId),
      );
      return { all: false, countyIds: all.filter((id) => ids.has(id)) };
    }
  }
}

const SCOPE_SETS = new WeakMap<readonly string[], ReadonlySet<string>>();

export function inScope(scope: Scope, countyId: string): boolean {
  if (scope.all) return true;
  let set = SCOPE_SETS.get(scope.countyIds);
  if (!set) {
    set = new Set(scope.countyIds);
    SCOPE_SETS.set(scope.countyIds, set);
  }
  return set.has(countyId);
}

/** By contact id or mobile (an id wins over another contact's mobile). */
export function findContact(roster: Roster, idOrMobile: string): Contact | undefined {
  return indexOf(roster).contactsByKey.get(idOrMobile.trim());
}

export function contactsOf(roster: Roster, unit: string): Contact[] {
  return [...(indexOf(roster).contactsByUnit.get(unit) ?? [])];
}

export function findCountyByName(roster: Roster, name: string): RosterUnit | undefined {
  return indexOf(roster).countiesByName.get(name.trim());
}
