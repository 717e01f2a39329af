// The review state of each county's sheet of one ledger and period, with who decided it and when, and
// how late it came in: what the export prints beside the figures. Read through the same status path
// as the chat replies and the dashboard, so all of them agree.
import { obligationOfForm } from '../domain/calendar.ts';
import type { LedgerSpec } from '../domain/ledgers/types.ts';
import { formatPeriod, type Period } from '../domain/period.ts';
import { decisionOf } from '../domain/review.ts';
import type { Roster } from '../domain/roster.ts';
import { obligationStatus } from '../domain/status.ts';
import type { LedgerMarks, SheetMark } from '../excel/review-column.ts';
import { sheetEventsFor } from '../store/review-repo.ts';
import type { Store } from '../store/store.ts';
import { fulfilledFor } from './status.ts';

export async function sheetMarks(
  store: Store,
  roster: Roster,
  ledger: LedgerSpec,
  period: Period,
  scope: readonly string[] | undefined,
  now: Date,
): Promise<LedgerMarks> {
  const obligation = obligationOfForm(ledger.id);
  if (!obligation) return { due: '', byCounty: new Map(), notReported: [] };
  const fulfilled = await fulfilledFor(store, obligation, period);
  const status = obligationStatus(
    roster,
    obligation,
    period,
    scope ? { all: false, countyIds: scope } : { all: true, countyIds: [] },
    fulfilled,
    now,
  );
  const events = await sheetEventsFor(store, ledger.id, formatPeriod(period));
  const nameOf = (list: readonly { id: string; name: string }[], id: string) =>
    list.find((x) => x.id === id)?.name ?? id;
  const byCounty = new Map<string, SheetMark>();
  for (const item of status.items) {
    if (item.state === 'not_reported') continue;
    const event = decisionOf(item.revisions, events.get(item.owed.county.id) ?? []);
    byCounty.set(item.owed.county.id, {
      state: item.state === 'returned' ? 'returned' : (item.review ?? 'confirmed'),
      decision: event
        ? {
            unit: nameOf(roster.units, event.unitId),
            contact: nameOf(roster.contacts, event.contactId),
            at: event.at,
            reason: event.reason,
          }
        : null,
      daysLate: item.daysLate,
    });
  }
  return {
    due: status.due,
    byCounty,
    notReported: status.items.filter((i) => i.state === 'not_reported').map((i) => i.owed.county.name),
  };
}
