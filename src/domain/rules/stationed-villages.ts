// R2: a village where a provincial unit is stationed (驻点村) is not a regional-pairing village (notice 四).
import { sameVillage } from '../place-names.ts';
import { type Finding, fieldOf, type RuleInput, warning } from './finding.ts';

export function stationedVillages({ ledger, roster, county, rows }: RuleInput): Finding[] {
  if (ledger.id !== 'a5') return [];
  const stationed = roster.villages.filter((v) => v.countyId === county.id).map((v) => v.village);
  return rows.flatMap((row, i) => {
    const village = String(row.countyUnit ?? '');
    return stationed.some((v) => sameVillage(v, village))
      ? [{ ...warning('R2', 'stationed_village', { village }), row: i + 1, ...fieldOf(ledger, 'countyUnit') }]
      : [];
  });
}
