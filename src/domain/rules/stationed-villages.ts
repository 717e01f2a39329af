// R2: a village where a provincial unit is stationed (驻点村) is not a regional-pairing village (notice 四).
import { type Finding, fieldOf, type RuleInput, warning } from './finding.ts';

export function stationedVillages({ ledger, roster, county, rows }: RuleInput): Finding[] {
  if (ledger.id !== 'a5') return [];
  const stationed = roster.villages
    .filter((v) => v.countyId === county.id)
    .map((v) => villageName(v.village));
  return rows.flatMap((row, i) => {
    const village = String(row.countyUnit ?? '');
    return stationed.includes(villageName(village))
      ? [{ ...warning('R2', 'stationed_village', { village }), row: i + 1, ...fieldOf(ledger, 'countyUnit') }]
      : [];
  });
}

function villageName(text: string): string {
  return text.replace(/\s+/g, '').replace(/(村|社区)(委会|民委员会|居委会)?$/, '');
}
