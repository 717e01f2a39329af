// Every revision of one county's sheet, who sent it and what changed each time.
import { dueDate, obligationOfForm } from '../domain/calendar.ts';
import { findLedger } from '../domain/ledgers/index.ts';
import type { LedgerSpec } from '../domain/ledgers/types.ts';
import { formatPeriod, parsePeriod } from '../domain/period.ts';
import type { Problem } from '../domain/problem.ts';
import { type PeriodEvent, type SheetEvent, type SheetState, sheetState } from '../domain/review.ts';
import { findCountyByName, inScope, type Roster, type RosterUnit } from '../domain/roster.ts';
import { diffSheets, type SheetChange } from '../domain/sheet-diff.ts';
import { type EscalationRow, escalationsOf } from '../store/escalations-repo.ts';
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
      /** The escalation ladder's steps taken for the sheet. */
      escalations: HistoryEscalation[];
      /** The period's closing (and any reopening of the whole period), with who did it. */
      closures: (PeriodEvent & { contactName: string; unitName: string })[];
      /** The sheet's state now (未报 / 已报待确认 / 已确认 / 退回修改). */
      state: SheetState;
      /** The due date of the sheet for the period, so a late first submission can be marked. */
      due: string | null;
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
  const chronicle = await sheetChronicle(store, roster, ledger, label, county.id);
  const obligation = obligationOfForm(ledger.id);
  return {
    ok: true,
    ledger,
    county,
    period: label,
    ...chronicle,
    closures: (await periodEventsFor(store, label)).map((c) => ({ ...c, ...namesOf(roster, c) })),
    due: obligation ? dueDate(obligation, period) : null,
  };
}

/** A step of the escalation ladder taken for the sheet (加急 / DING), with whom it urged. */
export interface HistoryEscalation {
  escalation: EscalationRow;
  contactName: string;
  unitName: string;
}

export interface SheetChronicle {
  entries: HistoryEntry[];
  events: HistoryEvent[];
  escalations: HistoryEscalation[];
  state: SheetState;
}

/** One sheet's revisions, each with what changed from the one before, and its reviews, with names. */
export async function sheetChronicle(
  store: Store,
  roster: Roster,
  ledger: LedgerSpec,
  period: string,
  countyId: string,
): Promise<SheetChronicle> {
  const revisions = await sheetHistory(store, ledger.id, period, countyId);
  const entries = revisions.map((revision, i) => ({
    revision,
    ...namesOf(roster, revision),
    changes: diffSheets(
      ledger,
      (revisions[i - 1]?.rows ?? []).map((r) => r.values),
      revision.rows.map((r) => r.values),
    ),
  }));
  const sheetEvents = (await sheetEventsFor(store, ledger.id, period, [countyId])).get(countyId) ?? [];
  const obligation = obligationOfForm(ledger.id)?.id;
  const escalations = (await escalationsOf(store, [countyId])).filter(
    (e) => e.obligation === obligation && e.period === period && e.state !== 'pending',
  );
  return {
    entries,
    events: sheetEvents.map((event) => ({ event, ...namesOf(roster, event) })),
    escalations: escalations.map((escalation) => {
      const contact = roster.contacts.find((c) => c.id === escalation.contact_id);
      return {
        escalation,
        contactName: contact?.name ?? escalation.contact_id,
        unitName: roster.units.find((u) => u.id === contact?.unitId)?.name ?? '',
      };
    }),
    state: sheetState(ledger, revisions[revisions.length - 1]?.revision ?? null, sheetEvents),
  };
}

function namesOf(roster: Roster, e: { contactId: string; unitId: string }) {
  return {
    contactName: roster.contacts.find((c) => c.id === e.contactId)?.name ?? e.contactId,
    unitName: roster.units.find((u) => u.id === e.unitId)?.name ?? e.unitId,
  };
}
