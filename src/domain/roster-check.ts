// Every unconfirmed or missing fact of the roster (DESIGN §6), so the bureau knows what to confirm.
import { debtorGaps } from './debtor-gaps.ts';
import { contactsOf, counties, type Roster, type RosterUnit, relatedUnits, type UnitKind } from './roster.ts';

export type RosterCheckCode =
  | 'hosts_unknown'
  | 'central_unit_missing'
  | 'lead_unit_missing'
  | 'helper_missing'
  | 'villages_missing'
  | 'debtor_gap'
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
    // Unknown counties are listed as hosts_unknown; a missing central unit matters once hosting is confirmed.
    if (
      county.hostsCentralUnits === 'yes' &&
      relatedUnits(roster, 'central_assists', county.id).length === 0
    ) {
      add('central_unit_missing');
    }
    if (relatedUnits(roster, 'leads', county.id).length === 0) add('lead_unit_missing');
    if (relatedUnits(roster, 'helps', county.id).length === 0) add('helper_missing');
    // Without its 驻点村 a county's 附件5 cannot be checked against them (R2).
    if (!roster.villages.some((v) => v.countyId === county.id)) add('villages_missing');
    // No city means 省直辖 (the import refuses an empty city); a city the roster lacks is missing.
    if (county.cityId !== null && !roster.units.some((u) => u.id === county.cityId)) add('city_missing');
    if (county.note.trim() !== '') add('source_note', { note: county.note.trim() });
    return items;
  });
  const silent = roster.units
    .filter((u) => contactsOf(roster, u.id).length === 0)
    .map((u): RosterCheckItem => ({ code: 'no_contact', unit: u, params: { unit: u.name, kind: u.kind } }));
  const demo = roster.contacts.filter((c) => c.demo).length;
  const gaps = debtorGaps(roster).map((gap) =>
    debtorGapItem(
      gap.obligation.title,
      gap.missing,
      gap.counties.map((c) => c.name),
    ),
  );
  return [
    ...noticeCounts(roster),
    ...gaps,
    ...perCounty,
    ...silent,
    ...(demo > 0 ? [{ code: 'demo_contacts' as const, params: { count: demo } }] : []),
  ];
}

/** One line per obligation naming every county it has no debtor for (also under each calendar line). */
export function debtorGapItem(obligation: string, missing: UnitKind, countyNames: readonly string[]) {
  return {
    code: 'debtor_gap',
    params: { obligation, kind: missing, count: countyNames.length, counties: countyNames.join('、') },
  } satisfies RosterCheckItem;
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
