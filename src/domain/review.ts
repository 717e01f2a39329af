// Review and closing (notice: counties fill 附件1–3 "会商" their lead unit, who answers for them).
// Each (county, ledger, period) is 未报 / 已报待确认 / 已确认 / 退回修改, derived from its latest
// revision and the append-only review events; a closed period takes no changes unless the bureau
// reopens that county's sheet.
import type { LedgerSpec } from './ledgers/types.ts';
import { type Roster, type RosterUnit, relatedUnits } from './roster.ts';

export type SheetState = 'not_reported' | 'pending' | 'confirmed' | 'returned';

export interface SheetEvent {
  action: 'confirm' | 'return' | 'reopen';
  /** The revision a confirmation or return concerns. */
  revision: number;
  reason: string;
  unitId: string;
  contactId: string;
  at: string;
}

export interface PeriodEvent {
  action: 'close' | 'open';
  at: string;
  unitId: string;
  contactId: string;
}

/** Ledgers the county's lead unit reviews (附件2, 附件3); others stand on the county's own submission. */
export function needsReview(ledger: LedgerSpec): boolean {
  return ledger.review === 'lead_unit';
}

export function sheetState(
  ledger: LedgerSpec,
  latestRevision: number | null,
  events: readonly SheetEvent[],
): SheetState {
  if (latestRevision === null) return 'not_reported';
  const decision = decisionOf(latestRevision, events);
  if (decision) return decision.action === 'confirm' ? 'confirmed' : 'returned';
  return needsReview(ledger) ? 'pending' : 'confirmed';
}

/** The confirm or return that decided this revision (the last one, should there be several). */
export function decisionOf(revision: number, events: readonly SheetEvent[]): SheetEvent | undefined {
  return [...events]
    .reverse()
    .find((e) => (e.action === 'confirm' || e.action === 'return') && e.revision === revision);
}

/** Ledgers a county fills 会商 a central or lead unit (notice: 附件1–3): the export marks their state. */
export function showsReviewState(ledger: LedgerSpec): boolean {
  return ledger.negotiated === true;
}

/** Who reviews a county's sheet: its lead unit(s); the bureau when the roster names none. */
export function reviewersOf(roster: Roster, ledger: LedgerSpec, county: RosterUnit): RosterUnit[] {
  if (!needsReview(ledger)) return [];
  const leads = relatedUnits(roster, 'leads', county.id);
  return leads.length > 0 ? leads : roster.units.filter((u) => u.kind === 'bureau');
}

export function mayReview(roster: Roster, unit: RosterUnit, ledger: LedgerSpec, county: RosterUnit): boolean {
  return (
    needsReview(ledger) &&
    (unit.kind === 'bureau' || reviewersOf(roster, ledger, county).some((r) => r.id === unit.id))
  );
}

/** Whether a closed period still takes this sheet: only after the bureau reopened it since closing. */
export function isLocked(periodEvents: readonly PeriodEvent[], sheetEvents: readonly SheetEvent[]): boolean {
  const last = periodEvents[periodEvents.length - 1];
  if (last?.action !== 'close') return false;
  return !sheetEvents.some((e) => e.action === 'reopen' && e.at >= last.at);
}
