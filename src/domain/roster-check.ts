// Every unconfirmed or missing fact of the roster (DESIGN §6), so the bureau knows what to confirm.
import { contactsOf, counties, type Roster, type RosterUnit, relatedUnits } from './roster.ts';

export type RosterCheckCode =
  | 'hosts_unknown'
  | 'central_unit_missing'
  | 'lead_unit_missing'
  | 'helper_missing'
  | 'city_missing'
  | 'source_note'
  | 'no_contact'
  | 'demo_contacts'
  | 'central_count_differs'
  | 'county_count_differs';

/** What the notice says of the roster: 37 key counties, 25 of them with central units (一、六). */
export const NOTICE_COUNTS = { keyCounties: 37, hostingCentralUnits: 25 } as const;

export interface RosterCheckItem {
  code: RosterCheckCode;
  unit?: RosterUnit;
  params: Record<string, string | number>;
}

export function checkRoster(roster: Roster): RosterCheckItem[] {
  const perCounty = counties(roster).flatMap((county) => {
    const items: RosterCheckItem[] = [];
    const add = (code: RosterCheckCode, params: Record<string, string | number> = {}) =>
      items.push({ code, unit: county, params: { county: county.name, ...params } });
    if (county.hostsCentralUnits === 'unknown' || county.hostsCentralUnits === null) add('hosts_unknown');
    if (
      county.hostsCentralUnits !== 'no' &&
      relatedUnits(roster, 'central_assists', county.id).length === 0
    ) {
      add('central_unit_missing');
    }
    if (relatedUnits(roster, 'leads', county.id).length === 0) add('lead_unit_missing');
    if (relatedUnits(roster, 'helps', county.id).length === 0) add('helper_missing');
    if (county.cityId === null && !isProvinceAdministered(county)) add('city_missing');
    if (county.note.trim() !== '') add('source_note', { note: county.note.trim() });
    return items;
  });
  const silent = roster.units
    .filter((u) => contactsOf(roster, u.id).length === 0)
    .map((u): RosterCheckItem => ({ code: 'no_contact', unit: u, params: { unit: u.name, kind: u.kind } }));
  const demo = roster.contacts.filter((c) => c.demo).length;
  return [
    ...noticeCounts(roster),
    ...perCounty,
    ...silent,
    ...(demo > 0 ? [{ code: 'demo_contacts' as const, params: { count: demo } }] : []),
  ];
}

function noticeCounts(roster: Roster): RosterCheckItem[] {
  const all = counties(roster);
  const confirmed = all.filter((c) => c.hostsCentralUnits === 'yes').length;
  const unknown = all.filter((c) => c.hostsCentralUnits !== 'yes' && c.hostsCentralUnits !== 'no').length;
  const items: RosterCheckItem[] = [];
  if (all.length !== NOTICE_COUNTS.keyCounties) {
    items.push({
      code: 'county_count_differs',
      params: { count: all.length, notice: NOTICE_COUNTS.keyCounties },
    });
  }
  if (confirmed !== NOTICE_COUNTS.hostingCentralUnits) {
    items.push({
      code: 'central_count_differs',
      params: { confirmed, unknown, notice: NOTICE_COUNTS.hostingCentralUnits },
    });
  }
  return items;
}

// 神农架林区 is administered by the province directly and has no prefecture city.
function isProvinceAdministered(county: RosterUnit): boolean {
  return county.name.endsWith('林区');
}
