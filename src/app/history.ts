// Every revision of one county's sheet, who sent it and what changed each time.
import { findLedger } from '../domain/ledgers/index.ts';
import type { LedgerSpec } from '../domain/ledgers/types.ts';
import { formatPeriod, parsePeriod } from '../domain/period.ts';
import type { Problem } from '../domain/problem.ts';
import type { PeriodEvent, SheetEvent } from '../domain/review.ts';
import { findCountyByName, inScope, type RosterUnit } from '../domain/roster.ts';
import { diffSheets, type SheetChange } from '../domain/sheet-diff.ts';
import { periodEventsFor, sheetEventsFor } from '../store/review-repo.ts';
import { type Revision, sheetHistory } from '../store/revisions-repo.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { Store } from '../store/store.ts';
import { resolveViewer } from './viewer.ts';

export interface HistoryQuery {
  county: string;
  ledger: string;
  period: string;
  as?: string;
}

export interface HistoryEntry {
  revision: Revision;
  contactName: string;
  unitName: string;
  changes: SheetChange[];
}

export interface HistoryEvent {
  event: SheetEvent;
  contactName: string;
  unitName: string;
}

export type HistoryResult =
  | {
      ok: true;
      ledger: LedgerSpec;
      county: RosterUnit;
      period: string;
      entries: HistoryEntry[];
      events: HistoryEvent[];
      closures: PeriodEvent[];
    }
  | { ok: false; problems: Problem[] };

export async function sheetHistoryReport(store: Store, query: HistoryQuery): Promise<HistoryResult> {
  const ledger = findLedger(query.ledger);
  if (!ledger)
    return { ok: false, problems: [{ code: 'unknown_ledger', params: { got: query.ledger.slice(0, 40) } }] };
  const period = parsePeriod(query.period);
  if (!period)
    return { ok: false, problems: [{ code: 'period_invalid', params: { got: query.period.slice(0, 40) } }] };
  const roster = await loadRoster(store);
  const county = findCountyByName(roster, query.county);
  if (!county)
    return { ok: false, problems: [{ code: 'county_unknown', params: { got: query.county.slice(0, 40) } }] };
  const viewer = resolveViewer(roster, query.as);
  if (!viewer.ok) return viewer;
  if (!viewer.viewer.scope.all && !inScope(viewer.viewer.scope, county.id)) {
    return { ok: false, problems: [{ code: 'out_of_scope', params: { county: county.name } }] };
  }
  const label = formatPeriod(period);
  const revisions = await sheetHistory(store, ledger.id, label, county.id);
  const entries = revisions.map((revision, i) => ({
    revision,
    contactName: roster.contacts.find((c) => c.id === revision.contactId)?.name ?? revision.contactId,
    unitName: roster.units.find((u) => u.id === revision.unitId)?.name ?? revision.unitId,
    changes: diffSheets(
      ledger,
      (revisions[i - 1]?.rows ?? []).map((r) => r.values),
      revision.rows.map((r) => r.values),
    ),
  }));
  const sheetEvents = (await sheetEventsFor(store, ledger.id, label, [county.id])).get(county.id) ?? [];
  const events = sheetEvents.map((event) => ({
    event,
    contactName: roster.contacts.find((c) => c.id === event.contactId)?.name ?? event.contactId,
    unitName: roster.units.find((u) => u.id === event.unitId)?.name ?? event.unitId,
  }));
  return {
    ok: true,
    ledger,
    county,
    period: label,
    entries,
    events,
    closures: await periodEventsFor(store, label),
  };
}
