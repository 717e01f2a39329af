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
  /** A whole-city helper (荆州市、鄂州市、随州市) pairs ≥ 8 streets/towns instead of 5 (notice 四). */
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

/** The three whole-city helpers the notice names (四). */
export const WHOLE_CITY_HELPERS: readonly string[] = ['荆州市', '鄂州市', '随州市'];

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

export function findUnit(roster: Roster, id: string): RosterUnit | undefined {
  return roster.units.find((u) => u.id === id);
}

const PINYIN = new Intl.Collator('zh-Hans-CN');

/** The counties, by city and then by name in pinyin order — the order people look them up in. */
export function counties(roster: Roster): RosterUnit[] {
  const cityName = (c: RosterUnit) => roster.units.find((u) => u.id === c.cityId)?.name ?? '';
  return roster.units
    .filter((u) => u.kind === 'county')
    .sort((a, b) => PINYIN.compare(cityName(a), cityName(b)) || PINYIN.compare(a.name, b.name));
}

/** Whether a county is asked for L1/D2: yes, or unknown until the bureau confirms (DESIGN §6). */
export function hostsCentralUnits(county: RosterUnit): boolean {
  return county.hostsCentralUnits !== 'no';
}

export function relatedUnits(roster: Roster, kind: RelationKind, targetId: string): RosterUnit[] {
  const ids = new Set(
    roster.relations.filter((r) => r.kind === kind && r.targetId === targetId).map((r) => r.unitId),
  );
  return roster.units.filter((u) => ids.has(u.id));
}

export function relationTargets(roster: Roster, kind: RelationKind, unit: string): string[] {
  return roster.relations.filter((r) => r.kind === kind && r.unitId === unit).map((r) => r.targetId);
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
      const ids = roster.relations
        .filter((r) => r.unitId === unit.id && r.kind !== 'supervises')
        .map((r) => r.targetId);
      return { all: false, countyIds: all.filter((id) => ids.includes(id)) };
    }
  }
}

export function inScope(scope: Scope, countyId: string): boolean {
  return scope.countyIds.includes(countyId);
}

export function findContact(roster: Roster, idOrMobile: string): Contact | undefined {
  const key = idOrMobile.trim();
  return roster.contacts.find((c) => c.id === key || (c.mobile !== null && c.mobile === key));
}

export function contactsOf(roster: Roster, unit: string): Contact[] {
  return roster.contacts.filter((c) => c.unitId === unit);
}

export function findCountyByName(roster: Roster, name: string): RosterUnit | undefined {
  const wanted = name.trim();
  return counties(roster).find((c) => c.name === wanted);
}
