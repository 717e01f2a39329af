// Confirm or return a county's sheet (its reviewing unit), close a period and reopen a sheet (the
// bureau). Every step is an append-only event, shown in the sheet's history.
import { findLedger } from '../domain/ledgers/index.ts';
import type { LedgerSpec } from '../domain/ledgers/types.ts';
import { formatPeriod, parsePeriod } from '../domain/period.ts';
import type { Problem } from '../domain/problem.ts';
import { isLocked, mayReview } from '../domain/review.ts';
import { findCountyByName, findUnit, type Roster, type RosterUnit } from '../domain/roster.ts';
import {
  appendPeriodEvent,
  appendSheetEvent,
  periodEventsFor,
  sheetEventsFor,
} from '../store/review-repo.ts';
import { sheetHistory } from '../store/revisions-repo.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { Store } from '../store/store.ts';
import { resolveViewer, type Viewer } from './viewer.ts';

type Result<T> = ({ ok: true } & T) | { ok: false; problems: Problem[] };

const fail = (code: Problem['code'], params: Problem['params'] = {}): { ok: false; problems: Problem[] } => ({
  ok: false,
  problems: [{ code, params }],
});

interface Actor {
  roster: Roster;
  viewer: Viewer & { unit: RosterUnit; contact: NonNullable<Viewer['contact']> };
}

async function actor(store: Store, as: string): Promise<Result<Actor>> {
  const roster = await loadRoster(store);
  const viewer = resolveViewer(roster, as);
  if (!viewer.ok) return viewer;
  const { unit, contact } = viewer.viewer;
  if (!unit || !contact) return fail('contact_unknown', { got: as });
  return { ok: true, roster, viewer: { ...viewer.viewer, unit, contact } };
}

export interface SheetRef {
  ledger: string;
  period: string;
  /** County name or unit id. */
  county: string;
}

interface Sheet {
  ledger: LedgerSpec;
  period: string;
  county: RosterUnit;
}

function resolveSheet(roster: Roster, ref: SheetRef): Result<Sheet> {
  const ledger = findLedger(ref.ledger);
  if (!ledger) return fail('unknown_ledger', { got: ref.ledger.slice(0, 40) });
  const period = parsePeriod(ref.period);
  if (!period) return fail('period_invalid', { got: ref.period.slice(0, 40) });
  const county = findCountyByName(roster, ref.county) ?? findUnit(roster, ref.county);
  if (county?.kind !== 'county') return fail('county_unknown', { got: ref.county.slice(0, 40) });
  return { ok: true, ledger, period: formatPeriod(period), county };
}

export type Decision = 'confirm' | 'return';

/** The reviewing unit confirms or returns the latest revision (a return needs a reason). */
export async function reviewSheet(
  store: Store,
  input: SheetRef & { as: string; revision: number; decision: Decision; reason: string },
  now: Date,
): Promise<Result<{ sheet: Sheet; reviewer: RosterUnit }>> {
  const who = await actor(store, input.as);
  if (!who.ok) return who;
  const sheet = resolveSheet(who.roster, input);
  if (!sheet.ok) return sheet;
  const { ledger, period, county } = sheet;
  if (!mayReview(who.roster, who.viewer.unit, ledger, county))
    return fail('not_reviewer', { ledger: ledger.title, county: county.name });
  const history = await sheetHistory(store, ledger.id, period, county.id);
  const latest = history[history.length - 1]?.revision ?? null;
  if (latest === null) return fail('not_submitted', { county: county.name, period, ledger: ledger.title });
  if (latest !== input.revision) return fail('review_stale', { county: county.name, latest });
  const reason = input.reason.trim().slice(0, 500);
  if (input.decision === 'return' && reason === '') return fail('reason_required');
  const sheetEvents = (await sheetEventsFor(store, ledger.id, period, [county.id])).get(county.id) ?? [];
  if (isLocked(await periodEventsFor(store, period), sheetEvents))
    return fail('period_closed', { period, county: county.name, ledger: ledger.title, ledgerId: ledger.id });
  await appendSheetEvent(
    store,
    { form: ledger.id, period, countyId: county.id },
    {
      action: input.decision,
      revision: latest,
      reason,
      unitId: who.viewer.unit.id,
      contactId: who.viewer.contact.id,
      at: now.toISOString(),
    },
  );
  return { ok: true, sheet: { ledger, period, county }, reviewer: who.viewer.unit };
}

/** The bureau closes a period: from then on a sheet changes only after it reopens it. */
export async function closePeriod(
  store: Store,
  input: { as: string; period: string },
  now: Date,
): Promise<Result<{ period: string }>> {
  const who = await actor(store, input.as);
  if (!who.ok) return who;
  if (who.viewer.unit.kind !== 'bureau') return fail('not_bureau');
  const period = parsePeriod(input.period);
  if (!period) return fail('period_invalid', { got: input.period.slice(0, 40) });
  const label = formatPeriod(period);
  await appendPeriodEvent(store, label, {
    action: 'close',
    at: now.toISOString(),
    unitId: who.viewer.unit.id,
    contactId: who.viewer.contact.id,
  });
  return { ok: true, period: label };
}

/** The bureau reopens one county's sheet of a closed period; recorded in its history, with a reason if given. */
export async function reopenSheet(
  store: Store,
  input: SheetRef & { as: string; reason?: string },
  now: Date,
): Promise<Result<{ sheet: Sheet }>> {
  const who = await actor(store, input.as);
  if (!who.ok) return who;
  if (who.viewer.unit.kind !== 'bureau') return fail('not_bureau');
  const sheet = resolveSheet(who.roster, input);
  if (!sheet.ok) return sheet;
  const events = await periodEventsFor(store, sheet.period);
  if (events[events.length - 1]?.action !== 'close') return fail('not_closed', { period: sheet.period });
  const history = await sheetHistory(store, sheet.ledger.id, sheet.period, sheet.county.id);
  await appendSheetEvent(
    store,
    { form: sheet.ledger.id, period: sheet.period, countyId: sheet.county.id },
    {
      action: 'reopen',
      revision: history[history.length - 1]?.revision ?? 0,
      reason: (input.reason ?? '').trim().slice(0, 500),
      unitId: who.viewer.unit.id,
      contactId: who.viewer.contact.id,
      at: now.toISOString(),
    },
  );
  return { ok: true, sheet: { ledger: sheet.ledger, period: sheet.period, county: sheet.county } };
}
